import { AUTH_CONFIG_INVALID, AuthError, parseIssuer, parseUrl } from '@lanyard/core'
import type { LogoutOptions } from './auth-client.ts'
import type { DPoPSupport } from './dpop.ts'
import { isSecureTarget, type ProtectedResource } from './resource-policy.ts'
import type { UserInfoSupport } from './user-info.ts'
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
  /** RFC 8707 resource indicator of the default API (absolute URI), sent as `resource`. */
  resource?: string
  /**
   * Where `auth.fetch` may send a token, and which one: origin + path prefix (at a segment
   * boundary), https (http only on loopback), each with the `audience` / `resource` / `scope` of
   * its token. A URL no entry allows gets `AUTH_RESOURCE_NOT_ALLOWED` and nothing is sent.
   * Default: the app's own origin, with the default token.
   */
  resources?: ProtectedResource[]
  /** RFC 9126: push authorization requests (used anyway when the provider requires it). */
  par?: boolean
  /** Sent on every authorization request: `organization`, `invitation`, `connection`, `prompt`, … */
  authorizationParams?: Record<string, string | number | boolean | undefined>
  /**
   * Request `offline_access` (refresh tokens that outlive the provider session). Default: when the
   * provider's `scopes_supported` lists it, or lists no scopes (Google and Cognito list none and
   * refuse it); false for providers that issue refresh tokens without it and treat it as an offline
   * session (Keycloak); true to send it whatever the metadata says.
   */
  offlineAccess?: boolean
  /** Token storage; default `'indexeddb'` (encrypted), falling back to memory with a warning. */
  cache?: 'indexeddb' | 'memory'
  /**
   * A reload shows the signed-in user at once, from this tab's hint in sessionStorage (the
   * snapshot's user claims and token expiry, never a token), while IndexedDB is read; IndexedDB has
   * the last word. Default true; always off with `cache: 'memory'` or `idleTimeoutSeconds`.
   */
  sessionHint?: boolean
  /**
   * RFC 9449 sender-constrained tokens: pass `dpop` from `@lanyard/browser/dpop` (in the
   * `<script>` build, `true`). Imported explicitly so apps without DPoP don't ship it.
   */
  dpop?: boolean | DPoPSupport | undefined
  /** A token this close to expiry counts as expired. Default 60. */
  refreshLeewaySeconds?: number
  /** Refresh ahead of expiry while the page is visible. Default false (refresh on demand). */
  refreshAhead?: boolean
  /**
   * Bounds, in ms: each provider request (`httpMs`, 10 000), the popup (`popupMs`, 120 000), the
   * wait for the cross-tab lock (`lockMs`, 10 000), each IndexedDB operation (`storageMs`, 5 000).
   */
  timeouts?: { httpMs?: number; popupMs?: number; lockMs?: number; storageMs?: number }
  /** Told about degraded operation (e.g. `AUTH_STORAGE_UNAVAILABLE`); default `console.warn`. */
  onWarning?: (warning: AuthError) => void
  /** Replaces `fetch` for requests to the provider (tracing, tests). */
  fetch?: typeof fetch
  /**
   * Idle sign-out and session-end warnings: pass `sessionTimers` from `@lanyard/browser` (imported
   * explicitly so apps without them don't ship them; `Lanyard.sessionTimers` in the `<script>` build).
   */
  sessionTimers?: SessionTimersSupport | undefined
  /** `auth.getUserInfo()`: pass `userInfo` from `@lanyard/browser/userinfo` (imported explicitly, like `dpop`). */
  userInfo?: UserInfoSupport | undefined
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
  Required<
    Pick<AuthClientOptions, 'scope' | 'cache' | 'sessionHint' | 'refreshLeewaySeconds' | 'onWarning'>
  > & {
    timeouts: { httpMs: number; popupMs: number; lockMs: number; storageMs: number }
  }

/** Validates options without touching any browser global; throws `AUTH_CONFIG_INVALID` naming the option. */
export function resolveOptions(options: AuthClientOptions): ResolvedOptions {
  const o = { ...options }
  const check = (option: string, ok: unknown, why = 'invalid') => {
    if (!ok) throw new AuthError(AUTH_CONFIG_INVALID, `${option}: ${why}`)
  }
  const url = parseUrl
  parseIssuer(o.issuer) // the one issuer rule (core's): throws AUTH_CONFIG_INVALID naming `issuer`
  check('clientId', typeof o.clientId === 'string' && o.clientId)
  for (const name of ['redirectUri', 'postLogoutRedirectUri'] as const)
    check(name, o[name] === undefined || url(o[name]))
  for (const name of ['scope', 'audience'] as const)
    check(name, o[name] === undefined || typeof o[name] === 'string')
  check(
    'resource',
    o.resource === undefined || (url(o.resource) && !url(o.resource)!.hash),
    'an absolute URI',
  )
  check('resources', o.resources === undefined || Array.isArray(o.resources), 'a list of { url }')
  o.resources?.forEach((entry, index) => {
    const where = url(entry?.url)
    check(
      `resources[${index}].url`,
      where && isSecureTarget(where) && !where.search && !where.hash,
      'https (http only on loopback), origin and path only',
    )
    for (const name of ['audience', 'resource', 'scope'] as const)
      check(`resources[${index}].${name}`, entry[name] === undefined || typeof entry[name] === 'string')
  })
  for (const name of ['offlineAccess', 'par', 'sessionHint'] as const)
    check(name, o[name] === undefined || typeof o[name] === 'boolean')
  check('cache', [undefined, 'indexeddb', 'memory'].includes(o.cache))
  check('dpop', o.dpop !== true, "pass dpop from '@lanyard/browser/dpop'")
  const number = (option: string, value: number | undefined, fallback: number) => {
    check(option, value === undefined || (typeof value === 'number' && value >= 0 && value < Infinity))
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
    // Nothing of a memory cache survives a reload; an idle sign-out may be due on one.
    sessionHint: o.sessionHint !== false && o.cache !== 'memory' && !o.idleTimeoutSeconds,
    refreshLeewaySeconds: number('refreshLeewaySeconds', o.refreshLeewaySeconds, 60),
    timeouts: {
      httpMs: number('timeouts.httpMs', t.httpMs, 10_000),
      popupMs: number('timeouts.popupMs', t.popupMs, 120_000),
      lockMs: number('timeouts.lockMs', t.lockMs, 10_000),
      storageMs: number('timeouts.storageMs', t.storageMs, 5_000),
    },
    onWarning: o.onWarning ?? console.warn,
  }
}

/**
 * How long a tab may hold the cross-tab lock: enough for the most it does there (two token
 * requests, another API's refused and then the session's own, each with one DPoP nonce retry, and
 * a few IndexedDB operations), each of which is bounded itself. Released sooner, another tab
 * could spend the same refresh token while this one's request is still out.
 */
export const lockHoldMs = ({ httpMs, storageMs }: ResolvedOptions['timeouts']): number =>
  4 * httpMs + 4 * storageMs
