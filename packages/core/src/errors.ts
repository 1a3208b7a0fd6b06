/** Stable, append-only error codes. Compare `error.code` against these constants. */
export const AUTH_CONFIG_INVALID = 'AUTH_CONFIG_INVALID'
export const AUTH_DISCOVERY_FAILED = 'AUTH_DISCOVERY_FAILED'
export const AUTH_AUTHORIZATION_ERROR = 'AUTH_AUTHORIZATION_ERROR'
export const AUTH_STATE_MISMATCH = 'AUTH_STATE_MISMATCH'
export const AUTH_TRANSACTION_MISSING = 'AUTH_TRANSACTION_MISSING'
export const AUTH_CALLBACK_INVALID = 'AUTH_CALLBACK_INVALID'
export const AUTH_TOKEN_REQUEST_FAILED = 'AUTH_TOKEN_REQUEST_FAILED'
export const AUTH_INVALID_RESPONSE = 'AUTH_INVALID_RESPONSE'
export const AUTH_NETWORK_ERROR = 'AUTH_NETWORK_ERROR'
export const AUTH_TIMEOUT = 'AUTH_TIMEOUT'
export const AUTH_LOGIN_REQUIRED = 'AUTH_LOGIN_REQUIRED'
export const AUTH_POPUP_BLOCKED = 'AUTH_POPUP_BLOCKED'
export const AUTH_POPUP_CLOSED = 'AUTH_POPUP_CLOSED'
export const AUTH_STORAGE_UNAVAILABLE = 'AUTH_STORAGE_UNAVAILABLE'

/** Every code an {@link AuthError} can carry. */
export type AuthErrorCode =
  | typeof AUTH_CONFIG_INVALID
  | typeof AUTH_DISCOVERY_FAILED
  | typeof AUTH_AUTHORIZATION_ERROR
  | typeof AUTH_STATE_MISMATCH
  | typeof AUTH_TRANSACTION_MISSING
  | typeof AUTH_CALLBACK_INVALID
  | typeof AUTH_TOKEN_REQUEST_FAILED
  | typeof AUTH_INVALID_RESPONSE
  | typeof AUTH_NETWORK_ERROR
  | typeof AUTH_TIMEOUT
  | typeof AUTH_LOGIN_REQUIRED
  | typeof AUTH_POPUP_BLOCKED
  | typeof AUTH_POPUP_CLOSED
  | typeof AUTH_STORAGE_UNAVAILABLE

/** Extra fields an error may carry: the server's OAuth error, the HTTP status, the original error. */
export interface AuthErrorDetails {
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

/** Base class of every error Lanyard reports; `code` is stable, `cause` holds the original error. */
export class AuthError extends Error {
  override name: string = 'AuthError'
  // Assigned in one Object.assign (smaller than four statements); `declare` emits no field.
  declare readonly code: AuthErrorCode
  declare readonly error: string | undefined
  declare readonly errorDescription: string | undefined
  declare readonly status: number | undefined
  declare readonly [BRAND]: true

  constructor(code: AuthErrorCode, message: string, details: AuthErrorDetails = {}) {
    super(message, details) // sets `cause` only when details has one
    Object.assign(this, {
      code,
      error: details.error,
      errorDescription: details.errorDescription,
      status: details.status,
    })
    Object.defineProperty(this, BRAND, { value: true })
  }
}

/** Configuration rejected: the message names the option. */
export class ConfigError extends AuthError {
  override name = 'ConfigError' as const
}
/** The provider's metadata could not be fetched or was invalid. */
export class DiscoveryError extends AuthError {
  override name = 'DiscoveryError' as const
}
/** The authorization server answered the callback with `?error=` (e.g. `access_denied`). */
export class AuthorizationError extends AuthError {
  override name = 'AuthorizationError' as const
}
/** The callback failed a check: state, transaction, `iss` or its shape. Nothing was exchanged. */
export class CallbackError extends AuthError {
  override name = 'CallbackError' as const
}
/** The token endpoint refused a request (OAuth error body or unexpected status). */
export class TokenRequestError extends AuthError {
  override name = 'TokenRequestError' as const
}
/** A response (ID token, token response) failed validation; nothing from it was kept. */
export class InvalidResponseError extends AuthError {
  override name = 'InvalidResponseError' as const
}
/** The request never got an answer: offline, DNS, CORS refusal, or aborted. */
export class NetworkError extends AuthError {
  override name = 'NetworkError' as const
}
/** A bounded wait (HTTP, lock, popup) ran out; see `timeouts`. */
export class TimeoutError extends AuthError {
  override name = 'TimeoutError' as const
}
/** The session is over (refresh refused, or none to refresh): the user must sign in again. */
export class LoginRequiredError extends AuthError {
  override name = 'LoginRequiredError' as const
}
/** A popup could not be opened, or was closed before it finished. */
export class PopupError extends AuthError {
  override name = 'PopupError' as const
}
/** Persistent storage (IndexedDB) is missing or failing. */
export class StorageError extends AuthError {
  override name = 'StorageError' as const
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
