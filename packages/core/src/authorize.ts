import * as oauth from 'oauth4webapi'
import type { ClientContext } from './context.ts'
import { AUTH_CONFIG_INVALID, AuthError, misuse } from './errors.ts'
import { pushAuthorizationRequest, usesPar } from './par.ts'
import { normalizeScope } from './scope.ts'
import type { Transaction } from './transaction.ts'

/** Extra authorization parameters: Auth0's `organization`, `invitation`, `connection`, and any other. */
export type AuthorizationParams = Record<string, string | number | boolean | undefined>

/** Input of {@link createAuthorizationRequest}. */
export interface AuthorizationRequestInput {
  redirectUri: string
  /** Added to `openid`; a `scope` in `params` is merged too. */
  scope?: string
  /** Auth0 API identifier, sent as `audience`; `params.audience` wins. */
  audience?: string | undefined
  /** RFC 8707 resource indicator(s): absolute URIs of the APIs the tokens are for; `params.resource` wins. */
  resource?: string | readonly string[] | undefined
  /** Sent as they are (e.g. `prompt`, `login_hint`, Auth0's `organization`); never a protocol parameter. */
  params?: AuthorizationParams
  mode?: Transaction['mode']
  appState?: unknown
  /** RFC 9449 `dpop_jkt`: binds the authorization code to the DPoP key. */
  dpopJkt?: string | undefined
  /** RFC 9126: push the request first (done anyway when the provider requires it). */
  par?: boolean | undefined
  /** The DPoP handle: a pushed request then carries a proof. */
  DPoP?: oauth.DPoPHandle | undefined
  /** Epoch ms; injectable for tests. */
  now?: number
}

// These carry the security of the flow: a caller's extra parameters never override them.
const RESERVED =
  'state nonce code_challenge code_challenge_method response_type response_mode client_id redirect_uri dpop_jkt request request_uri'.split(
    ' ',
  )

/**
 * Creates a PKCE (S256) authorization request: the URL to send the user to and the
 * {@link Transaction} to keep until the callback. With PAR (asked for, or required by the
 * provider) the parameters are pushed first and the URL carries only `client_id` and
 * `request_uri`. Throws `TypeError` (`ERR_INVALID_ARG_VALUE`) when `params` tries to set a
 * protocol parameter.
 */
export async function createAuthorizationRequest(
  ctx: ClientContext,
  input: AuthorizationRequestInput,
): Promise<{ url: URL; transaction: Transaction }> {
  const { as, client } = ctx
  if (!as.authorization_endpoint) {
    throw new AuthError(AUTH_CONFIG_INVALID, 'issuer: no authorization_endpoint')
  }
  const {
    scope: extraScope,
    audience: extraAudience,
    resource: extraResource,
    max_age,
    ...params
  } = input.params ?? {}
  for (const name of RESERVED) {
    if (name in params) throw misuse(`${name} is set by Lanyard`)
  }
  const scope = normalizeScope(input.scope, extraScope === undefined ? undefined : String(extraScope))
  const audience = extraAudience === undefined ? input.audience : String(extraAudience)
  // Sent as given: an RFC 8707 server answers a bad one with `invalid_target`.
  const resource = [extraResource ?? input.resource ?? []].flat().map(String)
  const maxAge = max_age === undefined ? undefined : Number(max_age)
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) {
    throw misuse('max_age: not a number of seconds')
  }
  const organization = params['organization'] === undefined ? undefined : String(params['organization'])
  const transaction: Transaction = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
    redirectUri: input.redirectUri,
    scope,
    mode: input.mode ?? 'redirect',
    createdAt: input.now ?? Date.now(),
    audience,
    resource: resource.length ? resource : undefined,
    organization,
    maxAge,
    appState: input.appState,
    dpopJkt: input.dpopJkt,
  }
  const query = new URLSearchParams()
  const sent = {
    ...params,
    client_id: client.client_id,
    redirect_uri: transaction.redirectUri,
    response_type: 'code',
    scope,
    audience,
    max_age: maxAge,
    state: transaction.state,
    nonce: transaction.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(transaction.codeVerifier),
    code_challenge_method: 'S256',
    dpop_jkt: transaction.dpopJkt,
  }
  for (const [name, value] of Object.entries(sent)) if (value !== undefined) query.set(name, String(value))
  for (const value of resource) query.append('resource', value)

  const url = new URL(as.authorization_endpoint)
  const pushed = usesPar(ctx, input.par)
    ? new URLSearchParams({
        client_id: client.client_id,
        request_uri: await pushAuthorizationRequest(ctx, query, input.DPoP),
      })
    : query
  // Ours replace any of the same name in the endpoint's own query; `resource` may repeat.
  for (const name of pushed.keys()) url.searchParams.delete(name)
  for (const [name, value] of pushed) url.searchParams.append(name, value)
  return { url, transaction }
}
