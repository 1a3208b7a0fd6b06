// PKCE (S256), state and nonce for the specs that speak the protocol themselves (no SDK).
import { createHash, randomBytes } from 'node:crypto'

/** PKCE (S256), state and nonce for tests that speak the protocol themselves. */
export function pkce(): { codeVerifier: string; codeChallenge: string; state: string; nonce: string } {
  const codeVerifier = randomBytes(32).toString('base64url')
  return {
    codeVerifier,
    codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
  }
}
