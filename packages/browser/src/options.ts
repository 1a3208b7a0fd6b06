import { AUTH_CONFIG_INVALID, ConfigError, isLoopback, parseIssuer, type AuthErrorCode } from '@lanyard/core'
import type { AuthError } from '@lanyard/core'

/** Options of `createAuthClient` (see DESIGN.md, "Public API"). */
export interface AuthClientOptions {
  /** The provider's issuer; metadata comes from discovery. https, or http on localhost. */
  issuer: string
  clientId: string
  /** Where the provider sends the user back; default `location.origin + '/'`. */
  redirectUri?: string
  /** Where RP-initiated logout returns to; default `location.origin + '/'`. */
  postLogoutRedirectUri?: string
  /** Requested scope; `openid` is always added, and `offline_access` for refresh tokens. */
  scope?: string
  /** Auth0 API identifier, sent as `audience`. */
  audience?: string
  /** Sent on every authorization request: `organization`, `invitation`, `connection`, `prompt`, … */
  authorizationParams?: Record<string, string | number | boolean | undefined>
  /** Token storage; default `'indexeddb'` (encrypted), falling back to memory with a warning. */
  cache?: 'indexeddb' | 'memory'
  /** RFC 9449 sender-constrained tokens. */
  dpop?: boolean
  /** A token this close to expiry counts as expired. Default 60. */
  refreshLeewaySeconds?: number
  /** Refresh ahead of expiry while the page is visible. Default false (refresh on demand). */
  refreshAhead?: boolean
  timeouts?: { httpMs?: number; popupMs?: number; lockMs?: number }
  /** Told about degraded operation (e.g. `AUTH_STORAGE_UNAVAILABLE`); default `console.warn`. */
  onWarning?: (warning: AuthError) => void
  /** Replaces `fetch` for requests to the provider (tracing, tests). */
  fetch?: typeof fetch
}

/** Options after validation, with defaults filled in. */
export type ResolvedOptions = Required<
  Omit<AuthClientOptions, 'redirectUri' | 'postLogoutRedirectUri' | 'audience' | 'fetch'>
> &
  Pick<AuthClientOptions, 'redirectUri' | 'postLogoutRedirectUri' | 'audience' | 'fetch'> & {
    timeouts: { httpMs: number; popupMs: number; lockMs: number }
  }

const invalid = (option: string, why: string, code: AuthErrorCode = AUTH_CONFIG_INVALID) =>
  new ConfigError(code, `${option}: ${why}`)

const isString = (value: unknown): value is string => typeof value == 'string' && value.length > 0

/** Validates options without touching any browser global; throws `AUTH_CONFIG_INVALID` naming the option. */
export function resolveOptions(options: AuthClientOptions): ResolvedOptions {
  const o = Object(options) as AuthClientOptions
  if (!isString(o.issuer)) throw invalid('issuer', 'required')
  let url: URL
  try {
    url = parseIssuer(o.issuer)
  } catch (error) {
    throw invalid('issuer', (error as Error).message)
  }
  if (url.protocol == 'http:' && !isLoopback(url))
    throw invalid('issuer', 'must be https (http only on localhost)')
  if (!isString(o.clientId)) throw invalid('clientId', 'required')
  for (const name of ['redirectUri', 'postLogoutRedirectUri'] as const) {
    const value = o[name]
    if (value !== undefined && !(isString(value) && URL.canParse(value)))
      throw invalid(name, 'must be an absolute URL')
  }
  for (const name of ['scope', 'audience'] as const) {
    if (o[name] !== undefined && typeof o[name] != 'string') throw invalid(name, 'must be a string')
  }
  if (o.cache !== undefined && o.cache != 'indexeddb' && o.cache != 'memory') {
    throw invalid('cache', "must be 'indexeddb' or 'memory'")
  }
  const number = (name: string, value: unknown, fallback: number, min = 0) => {
    if (value === undefined) return fallback
    if (typeof value != 'number' || !(value >= min) || value == Infinity)
      throw invalid(name, `must be a number ≥ ${min}`)
    return value
  }
  const t = Object(o.timeouts) as NonNullable<AuthClientOptions['timeouts']>
  return {
    ...o,
    scope: o.scope ?? 'openid profile email',
    authorizationParams: { ...o.authorizationParams },
    cache: o.cache ?? 'indexeddb',
    dpop: o.dpop ?? false,
    refreshLeewaySeconds: number('refreshLeewaySeconds', o.refreshLeewaySeconds, 60),
    refreshAhead: o.refreshAhead ?? false,
    timeouts: {
      httpMs: number('timeouts.httpMs', t.httpMs, 10_000, 1),
      popupMs: number('timeouts.popupMs', t.popupMs, 120_000, 1),
      lockMs: number('timeouts.lockMs', t.lockMs, 10_000, 1),
    },
    onWarning: o.onWarning ?? ((warning) => console.warn('[lanyard]', warning.message, warning)),
  }
}
