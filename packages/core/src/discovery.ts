import type { AuthorizationServer } from './context.ts'
import { AUTH_DISCOVERY_FAILED, AuthError } from './errors.ts'
import { getJson, type HttpOptions } from './http.ts'
import { checkMetadata } from './metadata.ts'
import { issuerMatches } from './issuer-match.ts'
import { parseIssuer, parseUrl } from './url.ts'
import { wrapError } from './wrap-error.ts'

/** Options for {@link discover}. */
export interface DiscoverOptions extends HttpOptions {
  /** Metadata cached by the caller; used without a request when its `issuer` matches. */
  metadata?: AuthorizationServer
}

// A browser sees a redirect as an opaque response with status 0.
const isRedirect = (response: Response) =>
  response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)

/**
 * The metadata in a discovery answer, or what was wrong with it in words (never its body): the
 * checks oauth4webapi's `processDiscoveryResponse` makes (HTTP 200, a JSON object, an `issuer`
 * equal to the one asked for), in a few lines instead of its generic response handling.
 */
async function readMetadata(response: Response, issuer: URL): Promise<AuthorizationServer | string> {
  const { status } = response
  if (isRedirect(response)) return `answered with a redirect${status ? ` (HTTP ${status})` : ''}`
  if (status !== 200) return `answered HTTP ${status}`
  let body: { issuer?: unknown } | null
  try {
    body = (await response.json()) as { issuer?: unknown } | null
  } catch {
    return 'is not JSON'
  }
  // Only a JSON object can have an `issuer` member: this is also the "top-level object" check.
  const named = body?.issuer
  const namedUrl = typeof named === 'string' ? parseUrl(named) : undefined
  if (!namedUrl) return 'is not a metadata document: no issuer URL'
  if (!issuerMatches(String(named), issuer.href))
    return `names another issuer: ${String(named).slice(0, 200)}`
  return body as AuthorizationServer
}

/**
 * Fetches the provider's metadata: OpenID Connect discovery first, the same URL with a trailing
 * slash when that one redirects (django-oauth-toolkit), then RFC 8414
 * (`/.well-known/oauth-authorization-server`). The `issuer` must match exactly, and every
 * endpoint must be https (see `checkMetadata`).
 *
 * Errors: no answer to the first request is `AUTH_NETWORK_ERROR` / `AUTH_TIMEOUT` (transient);
 * a definite bad answer (error status, redirect, not JSON, another issuer, a bad document) is
 * `AUTH_DISCOVERY_FAILED` saying what was wrong, however the fallbacks fail.
 */
export async function discover(issuer: string, options: DiscoverOptions = {}): Promise<AuthorizationServer> {
  const url = parseIssuer(issuer)
  const { metadata, ...http } = options
  if (metadata && issuerMatches(metadata.issuer, issuer)) return checkMetadata(metadata)
  // The well-known URLs of RFC 8414 section 3.1 and OpenID Connect Discovery section 4.
  const path = url.pathname.replace(/\/$/, '')
  const oidc = `${url.origin}${path}/.well-known/openid-configuration`
  let first: Response
  try {
    first = await getJson(oidc, http)
  } catch (error) {
    // No answer at all (offline, CORS, timeout).
    throw wrapError(error, 'discovery')
  }
  const why = await readMetadata(first, url)
  if (typeof why !== 'string') return checkMetadata(why)
  const redirected = isRedirect(first)
  const fallbacks = [`${url.origin}/.well-known/oauth-authorization-server${path}`]
  if (redirected) fallbacks.unshift(`${oidc}/`)
  for (const target of fallbacks) {
    // A fallback that gets no answer (e.g. no CORS there) changes nothing: the first answer was
    // definite, and that is what is reported.
    const found = await getJson(target, http).then(
      (response) => readMetadata(response, url),
      () => undefined,
    )
    if (typeof found === 'object') return checkMetadata(found)
  }
  const also = redirected
    ? `; ${oidc}/ (with a trailing slash) and RFC 8414 failed too`
    : '; RFC 8414 failed too'
  throw new AuthError(AUTH_DISCOVERY_FAILED, `discovery: ${oidc} ${why}${also}`)
}
