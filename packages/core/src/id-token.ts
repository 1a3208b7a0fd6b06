import * as oauth from 'oauth4webapi'
import type { ClientContext } from './context.ts'
import { AUTH_INVALID_RESPONSE, AuthError } from './errors.ts'
import type { IdTokenClaims } from './token-set.ts'
import type { Transaction } from './transaction.ts'

const invalid = (why: string) => new AuthError(AUTH_INVALID_RESPONSE, `ID token: ${why}`)

/** The local time in epoch seconds corrected by the client's clock skew, and its tolerance. */
function clock({ client }: ClientContext) {
  return {
    now: Math.floor(Date.now() / 1000) + (client[oauth.clockSkew] ?? 0),
    tolerance: client[oauth.clockTolerance] ?? 30,
  }
}

/**
 * The checks on a new ID token that oauth4webapi leaves to the client: the signature against the
 * provider's JWKS (`ctx.jwksCache`; an unknown `kid` refetches it once; `HS*` and `none` are
 * refused: a public client has no secret), `iat` not in the future beyond the clock tolerance,
 * and `azp`, when present, naming this client (OIDC Core 3.1.3.7, also for a single audience).
 */
export async function verifyIdToken(
  ctx: ClientContext,
  response: Response,
  claims: IdTokenClaims,
): Promise<void> {
  const { as, client } = ctx
  await oauth.validateApplicationLevelSignature(as, response, {
    ...ctx.request,
    [oauth.jwksCache]: ctx.jwksCache,
  })
  const { now, tolerance } = clock(ctx)
  if (claims.iat > now + tolerance) throw invalid('iat is in the future')
  if (claims.azp !== undefined && claims.azp !== client.client_id) throw invalid('azp is another client')
}

/**
 * The checks on the ID token of a login (OIDC Core 3.1.3.7): there is one, its `nonce` is the one
 * sent, with `max_age` its `auth_time` is recent enough (within the clock tolerance), and with an
 * Auth0 `organization` it names it: as `org_id` for an `org_…` id, else as `org_name` (compared
 * case-insensitively).
 */
export function checkLoginIdToken(
  ctx: ClientContext,
  claims: IdTokenClaims | undefined,
  transaction: Transaction,
): void {
  const { maxAge, organization } = transaction
  if (!claims) throw invalid('missing')
  if (claims.nonce !== transaction.nonce) throw invalid('nonce is not the one sent')
  const { now, tolerance } = clock(ctx)
  if (
    maxAge !== undefined &&
    !(typeof claims.auth_time === 'number' && claims.auth_time + maxAge >= now - tolerance)
  ) {
    throw invalid('auth_time is older than max_age')
  }
  if (organization === undefined) return
  const expected = organization.trim()
  const [claim, matches] = expected.startsWith('org_')
    ? ['org_id', claims['org_id'] === expected]
    : [
        'org_name',
        typeof claims['org_name'] === 'string' && claims['org_name'].toLowerCase() === expected.toLowerCase(),
      ]
  if (!matches) throw invalid(`${claim} does not match the organization`)
}

const audiences = (aud: unknown) => JSON.stringify([aud].flat().sort())

/**
 * OIDC Core 12.2: a refreshed ID token has the same `iss`, `sub`, `aud` and `azp` as the
 * original, the same Auth0 organization when both carry one, any `nonce` is the original's, and
 * its `auth_time` (when both carry one) is not earlier: providers with one session for many
 * clients (Keycloak) date it by the session's last sign-in, which a sign-in elsewhere moves on.
 */
export function checkRefreshedIdToken(next: IdTokenClaims, previous: IdTokenClaims): void {
  const same = (name: string) => next[name] === previous[name]
  const sameWhenBoth = (name: string) =>
    next[name] === undefined || previous[name] === undefined || same(name)
  const authTimeHolds =
    next.auth_time === undefined ||
    previous.auth_time === undefined ||
    (typeof next.auth_time === 'number' && next.auth_time >= previous.auth_time)
  const isSameLogin =
    ['iss', 'sub', 'azp'].every(same) &&
    audiences(next.aud) === audiences(previous.aud) &&
    (next.nonce === undefined || same('nonce')) &&
    authTimeHolds &&
    ['org_id', 'org_name'].every(sameWhenBoth)
  if (!isSameLogin) throw invalid('not the same login as before')
}
