import type { ClientContext } from './context.ts'

/** Input of {@link buildLogoutUrl}. */
export interface LogoutUrlInput {
  idTokenHint?: string
  postLogoutRedirectUri?: string
  /** Extra parameters (e.g. `ui_locales`, Auth0's `federated`). */
  params?: Record<string, string>
}

/**
 * The RP-initiated logout URL (`id_token_hint`, `post_logout_redirect_uri`, `client_id`), Auth0's
 * `/v2/logout` when an Auth0 tenant does not advertise `end_session_endpoint`, or `undefined` when
 * the provider has no logout endpoint (the local session is then all there is to end).
 */
export function buildLogoutUrl(ctx: ClientContext, input: LogoutUrlInput = {}): URL | undefined {
  const { as, client } = ctx
  const params: Record<string, string | undefined> = { ...input.params, client_id: client.client_id }
  let url: URL
  if (as.end_session_endpoint) {
    url = new URL(as.end_session_endpoint)
    params.id_token_hint = input.idTokenHint
    params.post_logout_redirect_uri = input.postLogoutRedirectUri
  } else if (new URL(as.issuer).hostname.endsWith('.auth0.com')) {
    url = new URL('v2/logout', as.issuer)
    params.returnTo = input.postLogoutRedirectUri
  } else {
    return undefined
  }
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value)
  return url
}
