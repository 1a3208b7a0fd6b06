// Stable, append-only error codes. Compare `error.code` against these constants (or use
// `isAuthError(error, CODE)`); never parse `message`, which is for people.

/**
 * An option is wrong: malformed issuer, missing client id, a relative redirect URI, … The message
 * names the option. The app should fix its configuration; retrying cannot help.
 */
export const AUTH_CONFIG_INVALID = 'AUTH_CONFIG_INVALID'
/**
 * The provider's metadata could not be used: discovery answered with an error, a redirect, no
 * JSON, another `issuer`, or an endpoint that is not https. The message says what was wrong. The
 * app should check `issuer` (a trailing slash matters for issuers with a path) and the provider.
 */
export const AUTH_DISCOVERY_FAILED = 'AUTH_DISCOVERY_FAILED'
/**
 * The provider refused the authorization request: `?error=` on the callback (e.g. `access_denied`,
 * `login_required`), or an error from the pushed authorization request endpoint. `error` and
 * `errorDescription` carry the provider's words. The app should show them and offer to try again.
 */
export const AUTH_AUTHORIZATION_ERROR = 'AUTH_AUTHORIZATION_ERROR'
/**
 * The callback's `state` is missing, duplicated or belongs to no login this client started (a
 * forged or stale callback). Nothing was exchanged. The app should start the login again.
 */
export const AUTH_STATE_MISMATCH = 'AUTH_STATE_MISMATCH'
/**
 * The callback's login was already completed (reload, back button, replay). Nothing was exchanged.
 * The app should start the login again, or ignore it when a session exists.
 */
export const AUTH_TRANSACTION_MISSING = 'AUTH_TRANSACTION_MISSING'
/**
 * The callback failed a check (RFC 9207 `iss` mix-up, no `code`, not a URL, wrong redirect URI).
 * Nothing was exchanged. The app should start the login again; repeated, it deserves a look.
 */
export const AUTH_CALLBACK_INVALID = 'AUTH_CALLBACK_INVALID'
/**
 * The token endpoint refused the request (OAuth `error`, e.g. `invalid_grant`, or an HTTP error
 * `status`), or the UserInfo endpoint the access token (`invalid_token`). The session, if any, is kept. The app may retry later; a 4xx points at the client's
 * registration at the provider.
 */
export const AUTH_TOKEN_REQUEST_FAILED = 'AUTH_TOKEN_REQUEST_FAILED'
/**
 * A response failed validation: ID token signature, `iss`, `aud`, `azp`, `exp`, `iat`, `nonce`,
 * organization, the token response itself, or a UserInfo answer (its `sub`, its signature). Nothing from it was stored. The app should report
 * it; usually a provider misconfiguration (audience, signing algorithm) or a badly skewed clock.
 */
export const AUTH_INVALID_RESPONSE = 'AUTH_INVALID_RESPONSE'
/**
 * The request got no answer: offline, DNS, the provider refused CORS, or it was aborted. The
 * session is kept. The app should retry (e.g. when back online).
 */
export const AUTH_NETWORK_ERROR = 'AUTH_NETWORK_ERROR'
/**
 * A bounded wait ran out: an HTTP request, the cross-tab lock, or the popup (see `timeouts`).
 * The session is kept. The app should retry.
 */
export const AUTH_TIMEOUT = 'AUTH_TIMEOUT'
/**
 * There is no session to use: none yet, or it ended (refresh refused with `invalid_grant`, no
 * refresh token). The app should call `loginWithRedirect()` (or `loginWithPopup()`).
 */
export const AUTH_LOGIN_REQUIRED = 'AUTH_LOGIN_REQUIRED'
/**
 * `window.open` returned null. The app should call `loginWithPopup()` directly in a click handler
 * (before any `await`), or use the redirect login.
 */
export const AUTH_POPUP_BLOCKED = 'AUTH_POPUP_BLOCKED'
/** The user closed the popup before the login finished. The app need do nothing, or offer again. */
export const AUTH_POPUP_CLOSED = 'AUTH_POPUP_CLOSED'
/**
 * IndexedDB is missing or failing; tokens are kept in memory for this tab (a warning, not a
 * failure). The app need do nothing; the user may have to sign in again after a reload.
 */
export const AUTH_STORAGE_UNAVAILABLE = 'AUTH_STORAGE_UNAVAILABLE'
/**
 * `auth.fetch` was called for a URL that no `resources` entry allows; nothing was sent and no
 * token left the client. The app should add the API to `resources`, or use plain `fetch`.
 */
export const AUTH_RESOURCE_NOT_ALLOWED = 'AUTH_RESOURCE_NOT_ALLOWED'

// The name each code gives its error: a readable kind for logs and error trackers.
const ERROR_NAMES = {
  [AUTH_CONFIG_INVALID]: 'ConfigError',
  [AUTH_DISCOVERY_FAILED]: 'DiscoveryError',
  [AUTH_AUTHORIZATION_ERROR]: 'AuthorizationError',
  [AUTH_STATE_MISMATCH]: 'CallbackError',
  [AUTH_TRANSACTION_MISSING]: 'CallbackError',
  [AUTH_CALLBACK_INVALID]: 'CallbackError',
  [AUTH_TOKEN_REQUEST_FAILED]: 'TokenRequestError',
  [AUTH_INVALID_RESPONSE]: 'InvalidResponseError',
  [AUTH_NETWORK_ERROR]: 'NetworkError',
  [AUTH_TIMEOUT]: 'TimeoutError',
  [AUTH_LOGIN_REQUIRED]: 'LoginRequiredError',
  [AUTH_POPUP_BLOCKED]: 'PopupError',
  [AUTH_POPUP_CLOSED]: 'PopupError',
  [AUTH_STORAGE_UNAVAILABLE]: 'StorageError',
  [AUTH_RESOURCE_NOT_ALLOWED]: 'ResourceNotAllowedError',
} as const

/** Every code an {@link AuthError} can carry. */
export type AuthErrorCode = keyof typeof ERROR_NAMES

/** The `name` of an {@link AuthError}, one per kind of failure. */
export type AuthErrorName = (typeof ERROR_NAMES)[AuthErrorCode]

/** Extra fields an error may carry: the server's OAuth error, the HTTP status, the original error. */
export interface AuthErrorDetails {
  /** What went wrong underneath; never a response body or anything holding token material. */
  cause?: unknown
  /** OAuth `error` from the server (e.g. `invalid_grant`, `access_denied`). */
  error?: string | undefined
  /** OAuth `error_description` from the server. */
  errorDescription?: string | undefined
  /** HTTP status of the response that failed, when there was one. */
  status?: number | undefined
}

// A brand that survives duplicated bundles (two copies of the SDK on one page): checked by
// `isAuthError` instead of `instanceof`.
const BRAND = Symbol.for('lanyard.AuthError')

/** The one error class Lanyard reports: `code` is stable, `name` says the kind, `cause` the origin. */
export class AuthError extends Error {
  // Assigned in one Object.assign (smaller than five statements); `declare` emits no field.
  declare name: AuthErrorName
  declare readonly code: AuthErrorCode
  declare readonly error: string | undefined
  declare readonly errorDescription: string | undefined
  declare readonly status: number | undefined
  declare readonly [BRAND]: true

  constructor(code: AuthErrorCode, message: string, details: AuthErrorDetails = {}) {
    super(message, details) // sets `cause` only when details has one
    Object.assign(this, {
      name: ERROR_NAMES[code],
      code,
      error: details.error,
      errorDescription: details.errorDescription,
      status: details.status,
    })
    Object.defineProperty(this, BRAND, { value: true })
  }
}

/**
 * True when `value` is an {@link AuthError} (from any copy of the SDK), optionally with this `code`.
 */
export function isAuthError(value: unknown, code?: AuthErrorCode): value is AuthError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [BRAND]?: unknown })[BRAND] === true &&
    (code === undefined || (value as AuthError).code === code)
  )
}

/** `code` of a {@link TypeError} for an argument with the right type but a wrong value. */
export const ERR_INVALID_ARG_VALUE = 'ERR_INVALID_ARG_VALUE'
/** `code` of a {@link TypeError} for an argument of the wrong type. */
export const ERR_INVALID_ARG_TYPE = 'ERR_INVALID_ARG_TYPE'

/** A programmer error (wrong use of the API): thrown, never reported as an {@link AuthError}. */
export type MisuseError = TypeError & { code: typeof ERR_INVALID_ARG_VALUE | typeof ERR_INVALID_ARG_TYPE }

/**
 * Creates the `TypeError` Lanyard throws for misuse, with a stable `code` as Node.js and
 * oauth4webapi use: `ERR_INVALID_ARG_VALUE` (default) or `ERR_INVALID_ARG_TYPE`.
 */
export function misuse(message: string, code: MisuseError['code'] = ERR_INVALID_ARG_VALUE): MisuseError {
  return Object.assign(new TypeError(message), { code })
}
