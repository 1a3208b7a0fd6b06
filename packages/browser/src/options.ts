import { AUTH_CONFIG_INVALID, ConfigError, isLoopback, type AuthError } from '@lanyard/core'
import type { LogoutOptions } from './auth-client.ts'
import type { DPoPSupport } from './dpop.ts'
import type { SessionTimersSupport } from './session-timers.ts'

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
  /**
   * RFC 9449 sender-constrained tokens: pass `dpop` from `@lanyard/browser/dpop` (in the
   * `<script>` build, `true`). Imported explicitly so apps without DPoP don't ship it.
   */
  dpop?: boolean | DPoPSupport | undefined
  /** A token this close to expiry counts as expired. Default 60. */
  refreshLeewaySeconds?: number
  /** Refresh ahead of expiry while the page is visible. Default false (refresh on demand). */
  refreshAhead?: boolean
  timeouts?: { httpMs?: number; popupMs?: number; lockMs?: number }
  /** Told about degraded operation (e.g. `AUTH_STORAGE_UNAVAILABLE`); default `console.warn`. */
  onWarning?: (warning: AuthError) => void
  /** Replaces `fetch` for requests to the provider (tracing, tests). */
  fetch?: typeof fetch
  /**
   * Idle sign-out and session-end warnings: pass `sessionTimers` from `@lanyard/browser` (imported
   * explicitly so apps without them don't ship them; `Lanyard.sessionTimers` in the `<script>` build).
   */
  sessionTimers?: SessionTimersSupport | undefined
  /** Sign out in every tab (`reason: 'idle'`) after this long without activity in any tab. Off by default. */
  idleTimeoutSeconds?: number
  /** How long before an idle sign-out or the session's end the warnings start. Default 60. */
  warningSeconds?: number
  /** The idle warning started, in this tab (also `idleExpiresAt` in the snapshot): sign-out time, epoch s. */
  onIdleWarning?: (expiresAt: number) => void
  /** The session-end warning started (also `sessionExpiresAt` in the snapshot): end time, epoch s. */
  onSessionWarning?: (endsAt: number) => void
  /** How the idle sign-out logs out; default `{ federated: false }` (revokes, every tab stays put). */
  idleLogout?: LogoutOptions
}

/** Options after validation, with defaults filled in. */
export type ResolvedOptions = AuthClientOptions &
  Required<Pick<AuthClientOptions, 'scope' | 'cache' | 'refreshLeewaySeconds' | 'onWarning'>> & {
    timeouts: { httpMs: number; popupMs: number; lockMs: number }
  }

/** Validates options without touching any browser global; throws `AUTH_CONFIG_INVALID` naming the option. */
export function resolveOptions(options: AuthClientOptions): ResolvedOptions {
  const o = { ...options }
  const check = (option: string, ok: unknown, why = 'invalid') => {
    if (!ok) throw new ConfigError(AUTH_CONFIG_INVALID, `${option}: ${why}`)
  }
  // Not URL.canParse: Safari before 17 lacks it, and this runs at an app's module scope.
  const url = (value: unknown) => {
    try {
      return new URL(value as string)
    } catch {
      return undefined
    }
  }
  const issuer = url(o.issuer)
  check('issuer', issuer?.protocol == 'https:' || (issuer?.protocol == 'http:' && isLoopback(issuer)))
  check('clientId', typeof o.clientId == 'string' && o.clientId)
  for (const name of ['redirectUri', 'postLogoutRedirectUri'] as const)
    check(name, o[name] === undefined || url(o[name]))
  for (const name of ['scope', 'audience'] as const)
    check(name, o[name] === undefined || typeof o[name] == 'string')
  check('cache', [undefined, 'indexeddb', 'memory'].includes(o.cache))
  check('dpop', o.dpop !== true, "pass dpop from '@lanyard/browser/dpop'")
  const number = (option: string, value: number | undefined, fallback: number) => {
    check(option, value === undefined || (typeof value == 'number' && value >= 0 && value < Infinity))
    return value ?? fallback
  }
  const t = { ...o.timeouts }
  // An idle sign-out that silently does not happen would be a security hole.
  check(
    'idleTimeoutSeconds',
    !number('idleTimeoutSeconds', o.idleTimeoutSeconds, 0) || o.sessionTimers,
    'pass sessionTimers',
  )
  number('warningSeconds', o.warningSeconds, 0)
  return {
    ...o,
    scope: o.scope ?? 'openid profile email',
    cache: o.cache ?? 'indexeddb',
    refreshLeewaySeconds: number('refreshLeewaySeconds', o.refreshLeewaySeconds, 60),
    timeouts: {
      httpMs: number('timeouts.httpMs', t.httpMs, 10_000),
      popupMs: number('timeouts.popupMs', t.popupMs, 120_000),
      lockMs: number('timeouts.lockMs', t.lockMs, 10_000),
    },
    onWarning: o.onWarning ?? console.warn,
  }
}
