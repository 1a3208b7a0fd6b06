import type { ClientContext } from './context.ts'
import { AUTH_AUTHORIZATION_ERROR, AUTH_CALLBACK_INVALID, AUTH_STATE_MISMATCH, AuthError } from './errors.ts'
import type { Transaction } from './transaction.ts'
import { issuerMatches } from './issuer-match.ts'
import { parseUrl } from './url.ts'

declare const validatedBrand: unique symbol

/** A callback that passed every check; only {@link validateCallback} can make one. */
export interface ValidatedCallback {
  readonly [validatedBrand]: true
  /** The response's parameters (exactly one `code`). */
  readonly params: URLSearchParams
  readonly transaction: Transaction
}

// Runtime half of the brand: a structurally copied object is not accepted by exchangeCode.
const issued = new WeakSet<object>()

/** True when `value` came from {@link validateCallback}. */
export function isValidatedCallback(value: unknown): value is ValidatedCallback {
  return typeof value === 'object' && value !== null && issued.has(value)
}

// Each may appear at most once in a response (`state` is checked on its own, first).
const SINGLE_PARAMETERS = ['iss', 'error', 'response', 'id_token', 'token', 'code']

/**
 * Validates an authorization response against its transaction: `state` (exactly one, equal),
 * RFC 9207 `iss` (required when the provider advertises it), then `?error=`, then exactly one
 * `code` and nothing of an implicit, hybrid or JARM response (the checks of oauth4webapi's
 * `validateAuthResponse`, whose output only its own code exchange accepts). Throws
 * `AUTH_STATE_MISMATCH`, `AUTH_CALLBACK_INVALID` or `AUTH_AUTHORIZATION_ERROR`; never makes a
 * request.
 */
export function validateCallback(
  ctx: ClientContext,
  url: string | URL,
  transaction: Transaction,
): ValidatedCallback {
  const invalid = (why: string) => new AuthError(AUTH_CALLBACK_INVALID, `callback: ${why}`)
  const params = parseUrl(url)?.searchParams
  if (!params) throw invalid('not a URL')
  const states = params.getAll('state')
  // Checked before anything else, so a forged response (even an ?error=) is reported as what it is.
  if (states.length !== 1 || states[0] !== transaction.state) {
    throw new AuthError(AUTH_STATE_MISMATCH, 'state mismatch')
  }
  for (const name of SINGLE_PARAMETERS) {
    if (params.getAll(name).length > 1) throw invalid(`${name} appears more than once`)
  }
  if (params.get('response')) throw invalid('a JARM response')
  // RFC 9207: compared whenever present (even empty), required when advertised. (Entra ID
  // multi-tenant: the issuer is a `{tenantid}` template, which the user's tenant fills.)
  const iss = params.get('iss')
  const tenantIssuer = (value: string) =>
    ctx.as.issuer.includes('{tenantid}') && issuerMatches(ctx.as.issuer, value)
  if (
    iss !== null
      ? iss !== ctx.as.issuer && !tenantIssuer(iss)
      : ctx.as.authorization_response_iss_parameter_supported
  ) {
    throw invalid(iss !== null ? 'iss is another issuer' : 'no iss')
  }
  const error = params.get('error')
  if (error) {
    throw new AuthError(AUTH_AUTHORIZATION_ERROR, `authorization: ${error}`, {
      error,
      errorDescription: params.get('error_description') ?? undefined,
    })
  }
  if (params.has('id_token') || params.has('token')) throw invalid('an implicit or hybrid response')
  if (!params.get('code')) throw invalid('no code')
  const result = { params, transaction } as ValidatedCallback
  issued.add(result)
  return result
}
