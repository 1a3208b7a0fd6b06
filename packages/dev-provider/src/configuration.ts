import type { Configuration } from 'oidc-provider'
import { CLAIMS, findAccount } from './account.ts'
import { resourceIndicators } from './audience.ts'
import { clientMetadata, clientOrigins } from './clients.ts'
import { DPOP_ALGS } from './dpop-proof.ts'
import { autoConsentGrant } from './grant.ts'
import { generateKeys } from './keys.ts'
import { logoutSource, postLogoutSuccessSource, renderError } from './pages.ts'
import type { Routes } from './routes.ts'
import type { DevClient } from './types.ts'

/** Settings after defaults are applied. */
export interface Settings {
  clients: readonly DevClient[]
  accessTokenTtl: number
  refreshTokenTtl: number
  autoConsent: boolean
  rotateRefreshTokens: boolean
  /** Issue refresh tokens at all. */
  refreshTokens: boolean
  /** RFC 9126: refuse authorization requests that were not pushed first. */
  requirePar: boolean
  /** Access tokens for a resource are JWTs. */
  jwtAccessTokens: boolean
  /** The token endpoint must be told the resource again (stock oidc-provider, RFC 8707). */
  strictResourceIndicators: boolean
  requireDpopNonce: boolean
  /** 32 random bytes; `/api/me` derives its nonces from the same secret (see dpop-nonce.ts). */
  dpopNonceSecret: Buffer
  routes: Routes
}

const DAY = 24 * 60 * 60

/** The oidc-provider configuration for public SPA clients (see the package README for the why of each key). */
export function providerConfiguration(settings: Settings): Configuration {
  const { jwks, cookieKeys } = generateKeys()
  const originsByClient = new Map(settings.clients.map((c) => [c.clientId, new Set(clientOrigins(c))]))

  return {
    clients: settings.clients.map(clientMetadata),
    clientBasedCORS: (_ctx, origin, client) => originsByClient.get(client.clientId)?.has(origin) ?? false,
    jwks,
    cookies: { keys: cookieKeys },
    routes: settings.routes,
    responseTypes: ['code'],
    pkce: { required: () => true },
    claims: CLAIMS,
    findAccount,
    // Profile and email claims in the ID token, so an SPA needs no userinfo call.
    conformIdTokenClaims: false,
    // Auth0's authorization parameters: accepted (`audience` is also a resource indicator, see audience.ts).
    extraParams: ['audience', 'organization', 'invitation', 'connection'],
    // The default issues refresh tokens only with offline_access, which prompt=login silently drops.
    issueRefreshToken: (_ctx, client) => settings.refreshTokens && client.grantTypeAllowed('refresh_token'),
    // true also rotates DPoP-bound tokens (the default rotates only unbound ones); replaying a rotated token revokes the grant.
    rotateRefreshToken: settings.rotateRefreshTokens,
    ...(settings.autoConsent ? { loadExistingGrant: autoConsentGrant } : {}),
    ttl: {
      AccessToken: settings.accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 14 * DAY,
      Grant: 14 * DAY,
      // A rotated refresh token keeps its predecessor's remaining lifetime: no endless sliding.
      RefreshToken: (ctx) =>
        ctx?.oidc?.entities.RotatedRefreshToken?.remainingTTL ?? settings.refreshTokenTtl,
    },
    features: {
      devInteractions: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      // Optional DPoP; the nonce secret is what makes DPoP-Nonce visible to browsers (exposed header).
      dPoP: {
        enabled: true,
        nonceSecret: settings.dpopNonceSecret,
        requireNonce: () => settings.requireDpopNonce,
      },
      resourceIndicators: resourceIndicators(
        settings.accessTokenTtl,
        settings.jwtAccessTokens,
        settings.strictResourceIndicators,
      ),
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: settings.requirePar },
    },
    // Spelled out so that /api/me accepts exactly what the token endpoint accepts.
    enabledJWA: { dPoPSigningAlgValues: [...DPOP_ALGS] },
    renderError,
  }
}
