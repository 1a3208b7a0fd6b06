import * as oauth from 'oauth4webapi'
import {
  AUTH_INVALID_RESPONSE,
  AUTH_NETWORK_ERROR,
  AUTH_TIMEOUT,
  AUTH_TOKEN_REQUEST_FAILED,
  AuthError,
  type AuthErrorCode,
} from './errors.ts'

/**
 * What may be kept of an error: its name, code and message. oauth4webapi's errors hold the
 * response, its body (live tokens when a token response fails validation) and the ID token's
 * claims; none of that may reach an app's error tracker.
 */
export function safeCause(error: unknown): Error {
  const { name, message, code } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown }
  return Object.assign(new Error(String(message ?? error)), {
    name: String(name ?? 'Error'),
    ...(typeof code === 'string' && { code }),
  })
}

/**
 * Turns anything a request/process pair can throw into an {@link AuthError} whose cause is a
 * {@link safeCause}. A server's refusal (OAuth error body, challenge, unexpected status) gets
 * `refused`. Programmer errors (`TypeError`s with an `ERR_INVALID_ARG_*` code) pass through.
 */
export function wrapError(
  error: unknown,
  what: string,
  refused: AuthErrorCode = AUTH_TOKEN_REQUEST_FAILED,
): AuthError | TypeError {
  if (error instanceof AuthError) return error
  // oauth4webapi's argument errors carry a `code` (ERR_INVALID_ARG_*); fetch's TypeErrors do not.
  if (error instanceof TypeError && 'code' in error) return error
  const cause = safeCause(error)
  if (error instanceof oauth.ResponseBodyError || error instanceof oauth.WWWAuthenticateChallengeError) {
    // An OAuth error body, or a challenge (e.g. 401 with WWW-Authenticate) carrying the same fields.
    const fields = error instanceof oauth.ResponseBodyError ? error : error.cause[0]?.parameters
    return new AuthError(refused, `${what}: ${fields?.error}`, {
      cause,
      error: fields?.error,
      errorDescription: fields?.error_description,
      status: error.status,
    })
  }
  if (error instanceof oauth.OperationProcessingError && error.code === oauth.RESPONSE_IS_NOT_CONFORM) {
    // An unexpected status with no OAuth error body: typically a 5xx from the provider or a proxy.
    const status = (error.cause as Response | undefined)?.status
    return new AuthError(refused, `${what}: HTTP ${status}`, { cause, status })
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    return new AuthError(AUTH_INVALID_RESPONSE, `${what}: ${error.message}`, { cause })
  }
  // WebCrypto refusing the provider's key or signature input (DataError, NotSupportedError, e.g. a
  // malformed JWK or a curve this browser lacks): a bad answer, not a transient fault.
  if (error instanceof DOMException && !['TimeoutError', 'AbortError'].includes(error.name)) {
    return new AuthError(AUTH_INVALID_RESPONSE, `${what}: ${error.name}`, { cause })
  }
  if (cause.name === 'TimeoutError') {
    return new AuthError(AUTH_TIMEOUT, `${what} timed out`, { cause })
  }
  // fetch rejects with TypeError (offline, DNS, CORS refusal) or AbortError.
  return new AuthError(AUTH_NETWORK_ERROR, `${what}: no answer`, { cause })
}

/** Runs a request/process pair and throws only {@link AuthError}s (or programmer TypeErrors). */
export async function guard<T>(what: string, run: () => Promise<T>, refused?: AuthErrorCode): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw wrapError(error, what, refused)
  }
}
