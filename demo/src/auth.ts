import { createAuthClient, type AuthClient } from '@lanyard/browser'
import { config } from './config.ts'
import { lifecycleOptions } from './idle.ts'

/**
 * The app's one client, created at module scope (never during render). `createAuthClient` has no
 * side effects; it only validates the options, and throws `AUTH_CONFIG_INVALID` when one is wrong
 * (e.g. a bad VITE_LANYARD_ISSUER). That error is kept and shown instead of a blank page.
 */
function create(): { client: AuthClient; error?: undefined } | { client?: undefined; error: unknown } {
  try {
    const client = createAuthClient({
      issuer: config.issuer,
      clientId: config.clientId,
      ...(config.audience && { audience: config.audience }),
      // auth.fetch sends the access token only here (and nowhere else).
      resources: [{ url: config.apiUrl }],
      // Both are registered for the dev provider's `lanyard-dev` client.
      redirectUri: location.origin + '/callback',
      postLogoutRedirectUri: location.origin + '/',
      // Renew the access token shortly before it expires while the page is visible (one request
      // across all tabs); without it, renewal happens on demand in getAccessToken / fetch.
      refreshAhead: true,
      ...lifecycleOptions,
    })
    return { client }
  } catch (error) {
    return { error }
  }
}

export const auth = create()
