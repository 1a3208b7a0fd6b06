import { base64url, base64urlJson } from './base64url.ts'
import { ALGORITHMS, type SigningKey } from './signing-keys.ts'

/** The secret of `HS256` tokens: a public client has none, so such a token must be refused. */
export const HS256_SECRET = 'a-secret-no-public-client-has'

/**
 * Signs a compact JWS. `RS256` / `ES256` with the first key of that algorithm in `keys` (its `kid`
 * is added unless the header has a `kid` member already, even `undefined`, which then omits it);
 * `HS256` with {@link HS256_SECRET}; `none` with an empty signature. Any other `alg` gets a
 * signature that cannot verify.
 */
export async function signJwt(
  header: Record<string, unknown>,
  claims: unknown,
  keys: readonly SigningKey[],
): Promise<string> {
  const alg = header['alg']
  const key = keys.find((candidate) => candidate.alg === alg)
  const fullHeader = key && !('kid' in header) ? { ...header, kid: key.kid } : header
  const input = `${base64urlJson(fullHeader)}.${base64urlJson(claims)}`
  const data = new TextEncoder().encode(input)
  let signature: Uint8Array
  if (key) {
    signature = new Uint8Array(await crypto.subtle.sign(ALGORITHMS[key.alg].sign, key.privateKey, data))
  } else if (alg === 'HS256') {
    const secret = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(HS256_SECRET),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    signature = new Uint8Array(await crypto.subtle.sign('HMAC', secret, data))
  } else if (alg === 'none') {
    signature = new Uint8Array()
  } else {
    signature = new TextEncoder().encode('sig')
  }
  return `${input}.${base64url(signature)}`
}

/** The same JWT with one bit of its signature flipped: well-formed, and never valid. */
export function breakSignature(jwt: string): string {
  const [header, payload, signature = ''] = jwt.split('.')
  const first = signature.charAt(0)
  return `${header}.${payload}.${first === 'A' ? 'B' : 'A'}${signature.slice(1)}`
}
