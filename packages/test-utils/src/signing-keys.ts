// Real signing keys from WebCrypto, so that the code under test verifies real signatures.

/** The asymmetric algorithms the fake provider signs ID tokens with. */
export type SigningAlg = 'RS256' | 'ES256'

/** A key pair the fake provider signs with, and its public JWK as served at `jwks_uri`. */
export interface SigningKey {
  readonly alg: SigningAlg
  readonly kid: string
  readonly privateKey: CryptoKey
  readonly publicJwk: JsonWebKey & { kid: string; alg: SigningAlg; use: 'sig' }
}

/** WebCrypto parameters of each algorithm, for generating, signing and verifying. */
export const ALGORITHMS = {
  RS256: {
    generate: {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    sign: { name: 'RSASSA-PKCS1-v1_5' },
  },
  ES256: {
    generate: { name: 'ECDSA', namedCurve: 'P-256' },
    sign: { name: 'ECDSA', hash: 'SHA-256' },
  },
} as const

let keyCount = 0

/** Generates a key pair for `alg` with a fresh `kid` (or the one given). */
export async function generateSigningKey(alg: SigningAlg, kid = `${alg}-${++keyCount}`): Promise<SigningKey> {
  const pair = (await crypto.subtle.generateKey(ALGORITHMS[alg].generate, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  const { kty, n, e, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey)
  // Only the public members of this key type.
  const members = Object.entries({ kty, n, e, crv, x, y }).filter(([, value]) => value !== undefined)
  const publicJwk = { ...(Object.fromEntries(members) as JsonWebKey), kid, alg, use: 'sig' as const }
  return { alg, kid, privateKey: pair.privateKey, publicJwk }
}

let shared: Promise<SigningKey[]> | undefined

/**
 * One RS256 and one ES256 key, generated on first use and shared by every fake provider of the
 * test file (RSA key generation takes tens of milliseconds; fuzz suites create thousands of
 * providers). `rotateKeys()` gives a provider keys of its own.
 */
export function sharedSigningKeys(): Promise<SigningKey[]> {
  return (shared ??= Promise.all([
    generateSigningKey('RS256', 'rs-shared'),
    generateSigningKey('ES256', 'es-shared'),
  ]))
}
