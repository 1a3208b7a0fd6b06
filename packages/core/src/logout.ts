import type { ClientContext } from './context.ts'

/** Input of {@link buildLogoutUrl}. */
export interface LogoutUrlInput {
  idTokenHint?: string | undefined
  postLogoutRedirectUri?: string | undefined
  /**
   * Returned with the user to `postLogoutRedirectUri` (RP-Initiated Logout 1.0): some providers
   * only honour the redirect when it is sent. Keep it, and compare it when the user comes back.
   */
  state?: string | undefined
  /**
   * Extra parameters: `logout_hint`, `ui_locales`, Auth0's `federated`, … They never replace
   * `client_id`, `id_token_hint`, `post_logout_redirect_uri` or `state`.
   */
  params?: Record<string, string | undefined>
}

// Auth0: its own domain, or a custom domain whose metadata has Auth0's MFA API and token path. A
// tenant advertises end_session_endpoint only with RP-initiated logout discovery on (off for
// tenants made before November 2023); /v2/logout is there either way.
const isAuth0 = (as: ClientContext['as']) =>
  new URL(as.issuer).hostname.endsWith('.auth0.com') ||
  (typeof as['mfa_challenge_endpoint'] === 'string' &&
    !!as.token_endpoint &&
    new URL(as.token_endpoint).pathname === '/oauth/token')

// A Cognito user pool (whatever the domain of its hosted UI).
const isCognito = (as: ClientContext['as']) =>
  /^cognito-idp\.[\w-]+\.amazonaws\.com$/.test(new URL(as.issuer).hostname)

/**
 * The RP-initiated logout URL (`client_id`, `id_token_hint`, `post_logout_redirect_uri`, `state`),
 * Auth0's `/v2/logout` when an Auth0 tenant (also on a custom domain) does not advertise
 * `end_session_endpoint` (with `returnTo`), Cognito's `logout_uri` beside it, or
 * `undefined` when the provider has no logout endpoint (the local session is then all there is
 * to end). `client_id` is always sent: it is what identifies the client when there is no
 * `id_token_hint`, and harmless with one.
 */
export function buildLogoutUrl(ctx: ClientContext, input: LogoutUrlInput = {}): URL | undefined {
  const { as, client } = ctx
  const auth0 = !as.end_session_endpoint && isAuth0(as)
  const endpoint = as.end_session_endpoint ?? (auth0 ? new URL('v2/logout', as.issuer).href : undefined)
  if (!endpoint) return undefined
  const url = new URL(endpoint)
  const params = {
    ...input.params,
    client_id: client.client_id,
    id_token_hint: input.idTokenHint,
    [auth0 ? 'returnTo' : 'post_logout_redirect_uri']: input.postLogoutRedirectUri,
    // Cognito's /logout (its end_session_endpoint) takes the address back as `logout_uri` only.
    ...(isCognito(as) && { logout_uri: input.postLogoutRedirectUri }),
    state: input.state,
  }
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value)
  return url
}
