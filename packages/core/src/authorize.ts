import * as oauth from 'oauth4webapi'
import type { ClientContext } from './context.ts'
import { AUTH_CONFIG_INVALID, ConfigError } from './errors.ts'
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
  params?: AuthorizationParams
  mode?: Transaction['mode']
  appState?: unknown
  /** RFC 9449 `dpop_jkt`: binds the authorization code to the DPoP key. */
  dpopJkt?: string | undefined
  /** Epoch ms; injectable for tests. */
  now?: number
}

// These carry the security of the flow: a caller's extra parameters never override them.
const RESERVED =
  'state nonce code_challenge code_challenge_method response_type response_mode client_id redirect_uri dpop_jkt'.split(
    ' ',
  )

/**
 * Creates a PKCE (S256) authorization request: the URL to send the user to and the
 * {@link Transaction} to keep until the callback. Throws `TypeError` when `params` tries to set a
 * protocol parameter.
 */
export async function createAuthorizationRequest(
  ctx: ClientContext,
  input: AuthorizationRequestInput,
): Promise<{ url: URL; transaction: Transaction }> {
  const { as, client } = ctx
  if (!as.authorization_endpoint) {
    throw new ConfigError(AUTH_CONFIG_INVALID, 'issuer: no authorization_endpoint')
  }
  const { scope: extraScope, audience: extraAudience, max_age, ...params } = input.params ?? {}
  for (const name of RESERVED) {
    if (name in params) throw new TypeError(`${name} is set by Lanyard`)
  }
  const scope = normalizeScope(input.scope, extraScope === undefined ? undefined : String(extraScope))
  const audience = extraAudience === undefined ? input.audience : String(extraAudience)
  const maxAge = max_age === undefined ? undefined : Number(max_age)
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) {
    throw new TypeError('max_age: not a number of seconds')
  }
  const transaction: Transaction = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
    redirectUri: input.redirectUri,
    scope,
    mode: input.mode ?? 'redirect',
    createdAt: input.now ?? Date.now(),
    audience,
    maxAge,
    appState: input.appState,
    dpopJkt: input.dpopJkt,
  }
  const url = new URL(as.authorization_endpoint)
  const set = (name: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) url.searchParams.set(name, String(value))
  }
  for (const [name, value] of Object.entries(params)) set(name, value)
  set('client_id', client.client_id)
  set('redirect_uri', transaction.redirectUri)
  set('response_type', 'code')
  set('scope', scope)
  set('audience', audience)
  set('max_age', maxAge)
  set('state', transaction.state)
  set('nonce', transaction.nonce)
  set('code_challenge', await oauth.calculatePKCECodeChallenge(transaction.codeVerifier))
  set('code_challenge_method', 'S256')
  set('dpop_jkt', transaction.dpopJkt)
  return { url, transaction }
}
