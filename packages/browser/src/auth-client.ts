import type { AuthorizationParams, IdTokenClaims, UserInfo } from '@lanyard/core'
import type { AuthState, User } from './auth-state.ts'
import type { RequireLoginOptions } from './require-login.ts'

/** Options of `getAccessToken`. */
export interface GetAccessTokenOptions {
  /** Another API than the configured `audience`: its token comes from the same grant. */
  audience?: string | undefined
  /** Extra scope for that token. */
  scope?: string | undefined
  /** RFC 8707 resource indicator of another API: its token comes from the same grant. */
  resource?: string | undefined
  /** `'on'` (default): cached unless near expiry; `'off'`: refresh now; `'cache-only'`: never refresh. */
  cacheMode?: 'on' | 'off' | 'cache-only'
}

/** Options of `loginWithRedirect`. */
export interface RedirectLoginOptions {
  /** Returned by the callback (`takeRedirectResult`, React's `onRedirectCallback`); JSON only. */
  appState?: unknown
  /** Added to the configured ones for this login (`prompt`, `login_hint`, …). */
  authorizationParams?: AuthorizationParams
  /** Another registered redirect URI; `start()` there does not complete the callback: call `handleRedirectCallback()`. */
  redirectUri?: string
}

/** Options of `loginWithPopup`. */
export interface PopupLoginOptions {
  authorizationParams?: AuthorizationParams
  /** A window you opened yourself (synchronously, in the click handler). */
  popup?: Window
}

/** Options of `logout`. */
export interface LogoutOptions {
  returnTo?: string
  /** End the provider session too (RP-initiated logout). Default true. */
  federated?: boolean
  /** Revoke the refresh token, or the access token when there is none (RFC 7009). Default true. */
  revoke?: boolean
  /** Extra parameters of the RP-initiated logout request: `logout_hint`, `ui_locales`, … */
  logoutParams?: Record<string, string>
}

/** The object `createAuthClient` returns. */
export interface AuthClient {
  /**
   * Idempotent: completes a callback at `redirectUri` (or relays a popup's to its opener), else
   * restores the session from the cache with no request; listens to other tabs.
   */
  start(): Promise<AuthState>
  /** Detaches listeners and timers; `start()` may be called again. */
  stop(): void
  /** The current state: the same object until something changes. */
  getSnapshot(): AuthState
  /** Calls `listener` on every change; returns the unsubscribe function. Pre-bound. */
  subscribe(listener: () => void): () => void
  /** Sends the user to the provider (PKCE, state, nonce kept in IndexedDB for the callback). */
  loginWithRedirect(options?: RedirectLoginOptions): Promise<void>
  /**
   * Completes the callback in `url` (default: the address bar, then cleaned): one code exchange,
   * never two. A replay throws `AUTH_TRANSACTION_MISSING`; an unknown state `AUTH_STATE_MISMATCH`.
   */
  handleRedirectCallback(url?: string): Promise<{ appState?: unknown }>
  /**
   * The result of the redirect callback `start()` completed, once (then `undefined`); also
   * `undefined` when there was none or it failed (the error is in the snapshot).
   */
  takeRedirectResult(): { appState?: unknown } | undefined
  /**
   * For route guards (in React or any router): resolves when signed in; else tries one silent
   * refresh, then redirects to login once with `appState.returnTo` = the current path and never
   * resolves (the page is leaving). Rejects, without redirecting, when the last login failed (the
   * error is in the snapshot too), so a failing provider never causes a redirect loop.
   * `returnTo` overrides the path the login comes back to (same origin only).
   */
  requireLogin(options?: RequireLoginOptions): Promise<void>
  /** Login in a popup, opened synchronously: call it straight from the click handler. */
  loginWithPopup(options?: PopupLoginOptions): Promise<User | undefined>
  /** A fresh access token: cached, or refreshed once across all tabs. The only way to a token. */
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>
  /**
   * `fetch` with the access token (Bearer, or DPoP with a proof) for the `resources` entry that
   * allows the URL (default: the app's own origin); any other URL throws
   * `AUTH_RESOURCE_NOT_ALLOWED` and sends nothing. After a 401 `invalid_token`, refreshes and
   * retries once.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  /** The ID token's claims (one object per ID token), or undefined when signed out. */
  getUser(): User | undefined
  /** Same claims, typed as validated ID token claims. */
  getIdTokenClaims(): IdTokenClaims | undefined
  /**
   * The user's claims from the provider's UserInfo endpoint (OIDC Core 5.3), with a fresh access
   * token (Bearer or DPoP). Refused (`AUTH_INVALID_RESPONSE`) unless its `sub` is the ID token's; a
   * signed answer is verified. Not cached: each call is one request (after a 401 `invalid_token`, one
   * refresh and one more). Signed out: `AUTH_LOGIN_REQUIRED`.
   */
  getUserInfo(): Promise<UserInfo>
  /**
   * Revokes the refresh token, clears the session in every tab, then (when `federated`) ends the
   * provider session by RP-initiated logout.
   */
  logout(options?: LogoutOptions): Promise<void>
  /**
   * "Stay signed in": counts as activity in every tab (idle sign-out), and while the session-end
   * warning is on, refreshes (which moves a sliding session's end). Rejects when that refresh fails.
   */
  keepAlive(): Promise<void>
  /**
   * Signs in again in a popup (open it from the click handler), without a page load, so unsaved
   * work in the page survives: `login_hint` names the last user, and after an idle sign-out
   * `prompt=login` asks for the credentials again. Resolves with the user who signed in: compare
   * `sub` before keeping the work (another user's login replaces every token, as any login does).
   */
  reauthenticate(options?: PopupLoginOptions): Promise<User | undefined>
}
