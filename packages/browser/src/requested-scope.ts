import { normalizeScope } from '@lanyard/core'
import type { ResolvedOptions } from './options.ts'

// The scopes of OpenID Connect itself (OIDC Core 5.4, 11): about the user and the session, not
// about an API, so every token request may carry them.
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access'])

type ScopeOptions = Pick<ResolvedOptions, 'scope' | 'offlineAccess'>

/**
 * The scope a login asks for, and its refreshes restate: the configured scope, with
 * `offline_access` where the provider offers it (its `scopes_supported` lists it, or lists none:
 * Google and Cognito refuse it) unless `offlineAccess` says otherwise.
 */
export function loginScope(options: ScopeOptions, as: { scopes_supported?: unknown }): string {
  const supported = as.scopes_supported
  const offline = options.offlineAccess ?? (!Array.isArray(supported) || supported.includes('offline_access'))
  return normalizeScope(options.scope, offline ? 'offline_access' : undefined)
}

/**
 * The scope of a token asked for by `scope` alone (another API, Entra ID style): the login's
 * OpenID Connect scopes and that scope, without the login's API scopes. Entra ID refuses scopes
 * of two resources in one request (AADSTS28000).
 */
export function scopeForAnotherApi(
  options: ScopeOptions,
  as: { scopes_supported?: unknown },
  scope: string,
): string {
  const oidc = loginScope(options, as)
    .split(' ')
    .filter((word) => OIDC_SCOPES.has(word))
  return normalizeScope(oidc.join(' '), scope)
}
