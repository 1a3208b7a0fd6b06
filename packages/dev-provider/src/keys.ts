import { generateKeyPairSync, randomBytes } from 'node:crypto'
import type { JWK } from 'oidc-provider'

/** Fresh signing keys and cookie secrets for one run: nothing to configure, nothing checked in. */
export function generateKeys(): { jwks: { keys: JWK[] }; cookieKeys: string[] } {
  // RS256 is the ID token default every RP supports; the private JWK is what oidc-provider wants.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: `dev-${randomBytes(4).toString('hex')}`,
    use: 'sig',
    alg: 'RS256',
  }
  return {
    jwks: { keys: [jwk as JWK] },
    cookieKeys: [randomBytes(32).toString('base64url')],
  }
}
