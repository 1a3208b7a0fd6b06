import * as oauth from 'oauth4webapi'
import type { AuthorizationServer } from './context.ts'
import { AUTH_DISCOVERY_FAILED, AuthError, isAuthError } from './errors.ts'
import { requestOptions, type HttpOptions } from './http.ts'
import { checkMetadata } from './metadata.ts'
import { parseIssuer } from './url.ts'
import { safeCause, wrapError } from './wrap-error.ts'

/** Options for {@link discover}. */
export interface DiscoverOptions extends HttpOptions {
  /** Metadata cached by the caller; used without a request when its `issuer` matches. */
  metadata?: AuthorizationServer
}

/** What was wrong with a definite answer, in words (never its body). */
function describe(response: Response, redirected: boolean, error: unknown): string {
  const { code, cause } = error as { code?: string; cause?: { body?: { issuer?: unknown } } }
  // A browser sees a redirect as an opaque response with status 0.
  if (redirected) return `answered with a redirect${response.status ? ` (HTTP ${response.status})` : ''}`
  if (response.status !== 200) return `answered HTTP ${response.status}`
  if (code === oauth.JSON_ATTRIBUTE_COMPARISON)
    return `names another issuer: ${String(cause?.body?.issuer).slice(0, 200)}`
  if (code === oauth.RESPONSE_IS_NOT_JSON || code === oauth.PARSE_ERROR) return 'is not JSON'
  return `is not a metadata document: ${(error as Error).message}`
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
  if (metadata && metadata.issuer === issuer) return checkMetadata(metadata)
  const opts = requestOptions(url, http)
  let requested = ''
  const send = (algorithm: 'oidc' | 'oauth2', suffix = '') =>
    oauth.discoveryRequest(url, {
      ...opts,
      algorithm,
      [oauth.customFetch]: (target: string, init: object) => {
        requested ||= target
        return (http.fetch ?? fetch)(target + suffix, init as RequestInit)
      },
    })
  const read = (response: Response) => oauth.processDiscoveryResponse(url, response)

  let first: Response
  try {
    first = await send('oidc')
    return checkMetadata(await read(first))
  } catch (error) {
    // No answer at all (offline, CORS, timeout, a body that stopped coming), or a bad endpoint.
    if (!first! || isAuthError(error) || ['TimeoutError', 'AbortError'].includes((error as Error).name)) {
      throw wrapError(error, 'discovery')
    }
    const redirected = first.type === 'opaqueredirect' || (first.status >= 300 && first.status < 400)
    for (const [algorithm, suffix] of redirected
      ? [['oidc', '/'] as const, ['oauth2'] as const]
      : [['oauth2'] as const]) {
      // A fallback that gets no answer (e.g. no CORS there) changes nothing: the first answer was
      // definite, and that is what is reported.
      const found = await send(algorithm, suffix)
        .then(read, () => undefined)
        .catch(() => undefined)
      if (found) return checkMetadata(found)
    }
    const also = redirected
      ? `; ${requested}/ (with a trailing slash) and RFC 8414 failed too`
      : '; RFC 8414 failed too'
    throw new AuthError(
      AUTH_DISCOVERY_FAILED,
      `discovery: ${requested} ${describe(first, redirected, error)}${also}`,
      {
        cause: safeCause(error),
      },
    )
  }
}
