import * as oauth from 'oauth4webapi'
import type { ClientContext } from './context.ts'
import { AUTH_AUTHORIZATION_ERROR, AUTH_CALLBACK_INVALID, AUTH_STATE_MISMATCH, AuthError } from './errors.ts'
import type { Transaction } from './transaction.ts'
import { parseUrl } from './url.ts'
import { safeCause } from './wrap-error.ts'

declare const validatedBrand: unique symbol

/** A callback that passed every check; only {@link validateCallback} can make one. */
export interface ValidatedCallback {
  readonly [validatedBrand]: true
  /** oauth4webapi's branded parameters: the only thing its code exchange accepts. */
  readonly params: URLSearchParams
  readonly transaction: Transaction
}

// Runtime half of the brand: a structurally copied object is not accepted by exchangeCode.
const issued = new WeakSet<object>()

/** True when `value` came from {@link validateCallback}. */
export function isValidatedCallback(value: unknown): value is ValidatedCallback {
  return typeof value === 'object' && value !== null && issued.has(value)
}

/**
 * The `state` of a URL that looks like an authorization response (`state` plus `code` or
 * `error`), or `undefined`. Never throws: safe to call on every page load.
 */
export function readCallbackState(url: string | URL): string | undefined {
  const params = parseUrl(url)?.searchParams
  const states = params?.getAll('state')
  if (!params || states?.length !== 1 || !(params.has('code') || params.has('error'))) return undefined
  return states[0] || undefined
}

/**
 * Validates an authorization response against its transaction: `state` (exactly one, equal),
 * RFC 9207 `iss` when the provider advertises it, then `?error=`. Throws `AUTH_STATE_MISMATCH`,
 * `AUTH_CALLBACK_INVALID` or `AUTH_AUTHORIZATION_ERROR`; never makes a request.
 */
export function validateCallback(
  ctx: ClientContext,
  url: string | URL,
  transaction: Transaction,
): ValidatedCallback {
  const parsed = parseUrl(url)
  if (!parsed) throw new AuthError(AUTH_CALLBACK_INVALID, 'callback: not a URL')
  const states = parsed.searchParams.getAll('state')
  // Checked before anything else, so a forged response (even an ?error=) is reported as what it is.
  if (states.length !== 1 || states[0] !== transaction.state) {
    throw new AuthError(AUTH_STATE_MISMATCH, 'state mismatch')
  }
  let params: URLSearchParams
  try {
    params = oauth.validateAuthResponse(ctx.as, ctx.client, parsed.searchParams, transaction.state)
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      throw new AuthError(AUTH_AUTHORIZATION_ERROR, `authorization: ${error.error}`, {
        cause: safeCause(error),
        error: error.error,
        errorDescription: error.error_description,
      })
    }
    throw new AuthError(AUTH_CALLBACK_INVALID, `callback: ${(error as Error).message}`, {
      cause: safeCause(error),
    })
  }
  const codes = params.getAll('code')
  if (codes.length !== 1 || !codes[0]) {
    throw new AuthError(AUTH_CALLBACK_INVALID, 'callback: no code')
  }
  const result = { params, transaction } as ValidatedCallback
  issued.add(result)
  return result
}
