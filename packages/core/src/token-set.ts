import * as oauth from 'oauth4webapi'
import { AUTH_INVALID_RESPONSE, AuthError } from './errors.ts'

/** Validated ID token claims. */
export type IdTokenClaims = oauth.IDToken

/**
 * The fields of a token response Lanyard uses, named as the token endpoint names them, plus
 * `expires_at`, `refresh_expires_at` and the validated ID token claims. Nothing else is kept
 * (RFC 6749 section 5.1: unknown members are ignored), so nothing else is ever stored.
 */
export interface TokenSet {
  readonly access_token: string
  readonly token_type: 'bearer' | 'dpop'
  /** Epoch seconds, computed from `expires_in` and the local clock at receipt. */
  readonly expires_at?: number | undefined
  readonly refresh_token?: string | undefined
  /**
   * Epoch seconds when the refresh token expires, when the provider says so (`refresh_expires_in`
   * from Keycloak, `refresh_token_expires_in` from Entra ID); computed like `expires_at`.
   */
  readonly refresh_expires_at?: number | undefined
  readonly id_token?: string | undefined
  readonly scope?: string | undefined
  readonly claims?: IdTokenClaims | undefined
}

/** Epoch seconds `seconds` after `now` (ms), or undefined when `seconds` is not a number. */
const expiry = (now: number, seconds: unknown) =>
  typeof seconds === 'number' ? Math.floor(now / 1000) + seconds : undefined

// Keycloak sends 0 for an offline token that never expires: only a positive lifetime is an end.
const refreshExpiry = (now: number, seconds: unknown) =>
  typeof seconds === 'number' && seconds > 0 && seconds < Infinity ? expiry(now, seconds) : undefined

/** Picks the fields of a processed token response that Lanyard uses (see {@link TokenSet}). */
export function toTokenSet(result: oauth.TokenEndpointResponse, now: number, dpop: unknown): TokenSet {
  const { token_type } = result
  // A DPoP-bound token without our key is unusable (and a sign of a confused server).
  if (token_type === 'dpop' && !dpop) throw new AuthError(AUTH_INVALID_RESPONSE, 'unrequested DPoP token')
  return {
    access_token: result.access_token,
    token_type: token_type as TokenSet['token_type'],
    expires_at: expiry(now, result.expires_in),
    refresh_token: result.refresh_token,
    refresh_expires_at: refreshExpiry(
      now,
      result['refresh_expires_in'] ?? result['refresh_token_expires_in'],
    ),
    id_token: result.id_token,
    scope: result.scope,
    claims: oauth.getValidatedIdTokenClaims(result),
  }
}
