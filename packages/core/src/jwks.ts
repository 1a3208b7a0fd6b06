import type { ClientContext } from './context.ts'
import { AUTH_DISCOVERY_FAILED, AuthError } from './errors.ts'
import { getJson } from './http.ts'
import { guard } from './wrap-error.ts'

// oauth4webapi uses a cached JWKS for 5 minutes, and refetches it for an unknown `kid` only when
// it is at least a minute old.
const MINUTE = 60

/**
 * Fetches the provider's JWKS into `ctx.jwksCache` (the shape oauth4webapi reads), so that the
 * ID token of a login started now verifies without a request on the callback page. oauth4webapi
 * offers no public call for this. Keeps a set fetched within the last minute. The set is dated a
 * minute back, so that a key the provider rotates in before signing the ID token is still found
 * (oauth4webapi refetches for it). A bad answer is `AUTH_DISCOVERY_FAILED`; no answer is
 * `AUTH_NETWORK_ERROR` / `AUTH_TIMEOUT`.
 */
export async function prefetchJwks(ctx: ClientContext): Promise<void> {
  // A minute ago: the date given to a set fetched now.
  const dated = Math.floor(Date.now() / 1000) - MINUTE
  const cache = ctx.jwksCache
  // Kept: a set dated here within the last minute, or downloaded (by oauth4webapi) within two.
  // (No `uat`, NaN: fetched.)
  if (dated - cache.uat < MINUTE) {
    if (cache.uat > dated) cache.uat = dated
    return
  }
  const { jwks_uri } = ctx.as
  const bad = (why: string) => new AuthError(AUTH_DISCOVERY_FAILED, `discovery: jwks_uri ${why}`)
  if (!jwks_uri) throw bad('is missing')
  const jwks = await guard('jwks', async () => {
    const response = await getJson(jwks_uri, ctx.http, 'application/json, application/jwk-set+json')
    if (response.status !== 200) throw bad(`answered HTTP ${response.status}`)
    const body = (await response.json().catch(() => undefined)) as { keys?: unknown } | undefined
    if (!Array.isArray(body?.keys) || !body.keys.every((key) => typeof key === 'object' && key)) {
      throw bad('answered no key set')
    }
    return body
  })
  Object.assign(cache, { jwks, uat: dated })
}
