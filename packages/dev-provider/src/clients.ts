import type { ClientMetadata } from 'oidc-provider'
import type { DevClient } from './types.ts'

const DEMO = 'http://localhost:5173'
const E2E = 'http://localhost:4173'

/** Pages of the e2e app that receive redirects; add here when a test needs a new one. */
const E2E_PAGES = [
  '/',
  '/index.html',
  '/callback.html',
  '/popup-callback.html',
  '/silent-callback.html',
  '/logout.html',
  '/coop-callback.html',
]

/** The client used when none is configured: the demo (port 5173) and the e2e pages (port 4173). */
export const DEFAULT_CLIENT: DevClient = {
  clientId: 'lanyard-dev',
  redirectUris: [`${DEMO}/callback`, `${DEMO}/`, ...E2E_PAGES.map((page) => `${E2E}${page}`)],
  postLogoutRedirectUris: [`${DEMO}/`, `${DEMO}/callback`, ...E2E_PAGES.map((page) => `${E2E}${page}`)],
  origins: [DEMO, E2E],
}

/** The origins a client may call from: its own list, or the origins of its redirect URIs. */
export function clientOrigins(client: DevClient): string[] {
  return [...new Set(client.origins ?? client.redirectUris.map((uri) => new URL(uri).origin))]
}

/** oidc-provider metadata for a public browser client (no secret, PKCE, code + refresh). */
export function clientMetadata(client: DevClient): ClientMetadata {
  return {
    client_id: client.clientId,
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [...client.redirectUris],
    post_logout_redirect_uris: [...(client.postLogoutRedirectUris ?? [])],
    dpop_bound_access_tokens: client.dpopBoundAccessTokens ?? false,
  }
}
