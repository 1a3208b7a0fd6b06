import { createPublicKey, type JsonWebKey } from 'node:crypto'
import { jwtVerify, type JWK } from 'jose'
import type Provider from 'oidc-provider'

/** What `/api/me` needs to know about a presented access token. */
export interface PresentedToken {
  accountId: string
  scope?: string | undefined
  aud?: string | string[] | undefined
  clientId?: string | undefined
  /** The DPoP key thumbprint the token is bound to, if any. */
  jkt?: string | undefined
}

/** Where JWT access tokens come from. */
export interface TokenIssuer {
  provider: Provider
  issuer: string
  /** The provider's signing key (private JWK); its public half verifies JWT access tokens. */
  signingKey: JWK
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/

/**
 * The live access token behind `value`, or undefined (unknown, revoked, expired, forged): an opaque
 * handle is looked up in the provider's store; a JWT (RFC 9068, what resource tokens are with
 * `jwtAccessTokens`) is verified against the provider's key, issuer and expiry, with no tolerance.
 */
export async function findAccessToken(
  source: TokenIssuer,
  value: string,
): Promise<PresentedToken | undefined> {
  if (JWT_SHAPE.test(value)) return verifyJwt(source, value)
  const token = await source.provider.AccessToken.find(value)
  // isExpired has no clock tolerance, unlike oidc-provider's own endpoints (15 s).
  if (!token || token.isExpired) return undefined
  return {
    accountId: token.accountId,
    scope: token.scope,
    aud: token.aud,
    clientId: token.clientId,
    jkt: token.jkt,
  }
}

async function verifyJwt(source: TokenIssuer, value: string): Promise<PresentedToken | undefined> {
  const key = createPublicKey({ key: source.signingKey as JsonWebKey, format: 'jwk' })
  try {
    const { payload } = await jwtVerify(value, key, {
      issuer: source.issuer,
      typ: 'at+jwt',
      clockTolerance: 0,
      requiredClaims: ['sub', 'exp', 'client_id'],
    })
    const cnf = payload['cnf'] as { jkt?: unknown } | undefined
    return {
      accountId: String(payload.sub),
      scope: typeof payload['scope'] === 'string' ? payload['scope'] : undefined,
      aud: payload.aud,
      clientId: String(payload['client_id']),
      jkt: typeof cnf?.jkt === 'string' ? cnf.jkt : undefined,
    }
  } catch {
    return undefined
  }
}
