import { normalizeScope } from '@lanyard/core'
import type { GetAccessTokenOptions } from './auth-client.ts'
import type { ResolvedOptions } from './options.ts'

// The scopes of OpenID Connect itself (OIDC Core 5.4, 11): about the user and the session, not
// about an API, so every token request may carry them.
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access'])

type ScopeOptions = Pick<ResolvedOptions, 'scope' | 'offlineAccess'>
type Metadata = { scopes_supported?: unknown; [member: string]: unknown }

/**
 * The Microsoft identity platform (Entra ID; its metadata names its cloud): it requires the scope
 * on every refresh (else AADSTS90009, or a token for another resource) and refuses scopes of two
 * resources in one request (AADSTS28000).
 */
const isEntraId = (as: Metadata) => typeof as['cloud_instance_name'] === 'string'

/**
 * The scope a login asks for: the configured scope, with `offline_access` where the provider
 * offers it (its `scopes_supported` lists it, or lists none: Google and Cognito refuse it) unless
 * `offlineAccess` says otherwise.
 */
export function loginScope(options: ScopeOptions, as: Metadata): string {
  const supported = as.scopes_supported
  const offline = options.offlineAccess ?? (!Array.isArray(supported) || supported.includes('offline_access'))
  return normalizeScope(options.scope, offline ? 'offline_access' : undefined)
}

/**
 * The `scope` of a refresh of the session: none, which RFC 6749 6 reads as the scope granted
 * (IdentityServer and oidc-provider refuse a restated one they did not grant), except on Entra
 * ID, which needs the one the login asked for (`asked`, else the configured one) again.
 */
export function sessionRefreshScope(
  options: ScopeOptions,
  as: Metadata,
  asked?: { scope: string },
): string | undefined {
  return isEntraId(as) ? (asked?.scope ?? loginScope(options, as)) : undefined
}

/**
 * The `scope` of a token for another API or scope: the configured scope and the call's, or on
 * Entra ID, for a `scope` alone, the OpenID Connect scopes and the call's (that API only).
 */
export function otherTokenScope(options: ScopeOptions, as: Metadata, request: GetAccessTokenOptions): string {
  const { audience, resource, scope } = request
  if (!isEntraId(as) || audience || resource || !scope) return normalizeScope(options.scope, scope)
  const oidc = loginScope(options, as)
    .split(' ')
    .filter((word) => OIDC_SCOPES.has(word))
  return normalizeScope(oidc.join(' '), scope)
}
