import * as oauth from 'oauth4webapi'
import type { AuthorizationServer } from './context.ts'
import {
  AUTH_CONFIG_INVALID,
  AUTH_DISCOVERY_FAILED,
  AuthError,
  ConfigError,
  DiscoveryError,
} from './errors.ts'
import { requestOptions, type HttpOptions } from './http.ts'
import { wrapError } from './wrap-error.ts'

/** Options for {@link discover}. */
export interface DiscoverOptions extends HttpOptions {
  /** Metadata cached by the caller; used without a request when its `issuer` matches. */
  metadata?: AuthorizationServer
}

/** Parses an issuer identifier, or throws `AUTH_CONFIG_INVALID`. */
export function parseIssuer(issuer: string): URL {
  let url: URL | undefined
  try {
    url = new URL(issuer)
  } catch {
    // handled below
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw new ConfigError(AUTH_CONFIG_INVALID, `issuer: invalid URL ${issuer}`)
  }
  return url
}

/**
 * Fetches the provider's metadata: OpenID Connect discovery first, then RFC 8414
 * (`/.well-known/oauth-authorization-server`) as a fallback. The `issuer` must match exactly.
 */
export async function discover(issuer: string, options: DiscoverOptions = {}): Promise<AuthorizationServer> {
  const url = parseIssuer(issuer)
  const { metadata, ...http } = options
  if (metadata && metadata.issuer === issuer) return metadata
  const opts = requestOptions(url, http)
  let firstError: unknown
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    try {
      const response = await oauth.discoveryRequest(url, { ...opts, algorithm })
      return await oauth.processDiscoveryResponse(url, response)
    } catch (error) {
      const wrapped = wrapError(error, 'discovery')
      // Network faults and timeouts are transient: report them as such, do not try the fallback.
      if (wrapped instanceof AuthError && ['AUTH_NETWORK_ERROR', 'AUTH_TIMEOUT'].includes(wrapped.code))
        throw wrapped
      firstError ??= error
    }
  }
  throw new DiscoveryError(AUTH_DISCOVERY_FAILED, `discovery: ${issuer}`, { cause: firstError })
}
