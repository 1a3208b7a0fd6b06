import * as oauth from 'oauth4webapi'
import {
  AUTH_INVALID_RESPONSE,
  AUTH_NETWORK_ERROR,
  AUTH_TIMEOUT,
  AUTH_TOKEN_REQUEST_FAILED,
  AuthError,
  InvalidResponseError,
  NetworkError,
  TimeoutError,
  TokenRequestError,
} from './errors.ts'

/**
 * Turns anything a request/process pair can throw into an {@link AuthError}, keeping the original
 * as `cause`. Programmer errors (oauth4webapi's `ERR_INVALID_ARG_*` TypeErrors) pass through.
 */
export function wrapError(error: unknown, what: string): AuthError | TypeError {
  if (error instanceof AuthError) return error
  if (error instanceof oauth.ResponseBodyError || error instanceof oauth.WWWAuthenticateChallengeError) {
    // An OAuth error body, or a challenge (e.g. 401 with WWW-Authenticate) carrying the same fields.
    const fields = error instanceof oauth.ResponseBodyError ? error : error.cause[0]?.parameters
    return new TokenRequestError(AUTH_TOKEN_REQUEST_FAILED, `${what}: ${fields?.error}`, {
      cause: error,
      error: fields?.error,
      errorDescription: fields?.error_description,
      status: error.status,
    })
  }
  if (error instanceof oauth.OperationProcessingError && error.code === oauth.RESPONSE_IS_NOT_CONFORM) {
    // An unexpected status with no OAuth error body: typically a 5xx from the provider or a proxy.
    const status = (error.cause as Response | undefined)?.status
    return new TokenRequestError(AUTH_TOKEN_REQUEST_FAILED, `${what}: HTTP ${status}`, {
      cause: error,
      status,
    })
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    return new InvalidResponseError(AUTH_INVALID_RESPONSE, `${what}: ${error.message}`, { cause: error })
  }
  // oauth4webapi's argument errors carry a `code` (ERR_INVALID_ARG_*); fetch's TypeErrors do not.
  if (error instanceof TypeError && 'code' in error) return error
  const name = (error as { name?: unknown } | null)?.name
  if (name === 'TimeoutError') {
    return new TimeoutError(AUTH_TIMEOUT, `${what} timed out`, { cause: error })
  }
  // fetch rejects with TypeError (offline, DNS, CORS refusal) or AbortError.
  return new NetworkError(AUTH_NETWORK_ERROR, `${what}: no answer`, { cause: error })
}

/** Runs a request/process pair and throws only {@link AuthError}s (or programmer TypeErrors). */
export async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw wrapError(error, what)
  }
}
