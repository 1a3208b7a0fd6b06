import { createHash } from 'node:crypto'
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWK, type JWTVerifyResult } from 'jose'
import type { DpopNonces } from './dpop-nonce.ts'

/** Proof algorithms accepted by the token endpoint (oidc-provider's default list) and by `/api/me`. */
export const DPOP_ALGS = ['ES256', 'Ed25519', 'EdDSA'] as const

/** Why a proof was refused: `invalid_dpop_proof`, or `use_dpop_nonce` (retry with the server's nonce). */
export class DpopProofError extends Error {
  constructor(
    readonly error: 'invalid_dpop_proof' | 'use_dpop_nonce',
    description: string,
  ) {
    super(description)
  }
}

/** What a proof must match. */
export interface ProofExpectation {
  /** The request's `DPoP` header(s). */
  header: string | string[] | undefined
  /** The request method (`htm`). */
  method: string
  /** The request URL without query and fragment (`htu`). */
  url: string
  /** The access token sent with the proof (`ath`). */
  accessToken: string
}

/** A proof that passed: its key's RFC 7638 thumbprint. */
export interface VerifiedProof {
  jkt: string
}

export interface ProofVerifierOptions {
  nonces: DpopNonces
  /** Demand a server nonce in every proof. */
  requireNonce: boolean
  /** A proof's `iat` may be this many seconds before or after the server's clock. */
  iatWindow: number
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url')

function invalid(description: string): DpopProofError {
  return new DpopProofError('invalid_dpop_proof', description)
}

/** Proof `jti`s seen lately, per key, kept until their `iat` has left the acceptance window. */
class ReplayCache {
  private readonly seen = new Map<string, number>()

  /** Record a `jti`; false if it was already there (a replay). */
  add(key: string, expiresAt: number): boolean {
    const now = Date.now()
    for (const [k, expiry] of this.seen) if (expiry <= now) this.seen.delete(k)
    if (this.seen.has(key)) return false
    this.seen.set(key, expiresAt)
    return true
  }
}

/** RFC 9449 section 4.3 checks of a DPoP proof presented to a resource server (section 7). */
export class ProofVerifier {
  private readonly replays = new ReplayCache()

  constructor(private readonly options: ProofVerifierOptions) {}

  /** Verify a proof, record its `jti`; throws {@link DpopProofError}. */
  async verify(expected: ProofExpectation): Promise<VerifiedProof> {
    const { header } = expected
    if (header === undefined || header === '') throw invalid('DPoP proof missing')
    // Node joins repeated headers with ", "; a compact JWS has neither character.
    if (typeof header !== 'string' || header.includes(',')) throw invalid('more than one DPoP proof')

    let verified: JWTVerifyResult
    try {
      // EmbeddedJWK verifies with the header's `jwk` and refuses a private key there.
      verified = await jwtVerify(header, EmbeddedJWK, { algorithms: [...DPOP_ALGS], typ: 'dpop+jwt' })
    } catch (cause) {
      throw invalid(`DPoP proof signature or header invalid: ${(cause as Error).message}`)
    }
    const { payload, protectedHeader } = verified
    if (protectedHeader.typ !== 'dpop+jwt') throw invalid('DPoP proof typ must be dpop+jwt')

    if (typeof payload.jti !== 'string' || !payload.jti) throw invalid('DPoP proof must have a jti')
    if (payload['htm'] !== expected.method) throw invalid('DPoP proof htm mismatch')
    if (!sameUrl(payload['htu'], expected.url)) throw invalid('DPoP proof htu mismatch')
    if (typeof payload['ath'] !== 'string') throw invalid('DPoP proof must have an ath')
    if (payload['ath'] !== sha256(expected.accessToken)) throw invalid('DPoP proof ath mismatch')

    const { iatWindow, nonces, requireNonce } = this.options
    const now = Math.floor(Date.now() / 1000)
    if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat))
      throw invalid('DPoP proof must have an iat')
    if (Math.abs(now - payload.iat) > iatWindow) throw invalid('DPoP proof iat is not recent enough')

    const nonce = payload['nonce']
    if (nonce !== undefined && typeof nonce !== 'string') throw invalid('DPoP proof nonce must be a string')
    if (nonce === undefined && requireNonce)
      throw new DpopProofError('use_dpop_nonce', 'nonce is required in the DPoP proof')
    if (nonce !== undefined && !nonces.check(nonce))
      throw new DpopProofError('use_dpop_nonce', 'invalid nonce in DPoP proof')

    const jkt = await calculateJwkThumbprint(protectedHeader.jwk as JWK, 'sha256')
    // Last, after every await: check-and-record is atomic, so two racing copies cannot both pass.
    const expiresAt = (payload.iat + iatWindow + 1) * 1000
    if (!this.replays.add(`${jkt}:${payload.jti}`, expiresAt)) throw invalid('DPoP proof jti replayed')
    return { jkt }
  }
}

/** `htu` against the expected URL, both without query and fragment, after URL normalization. */
function sameUrl(htu: unknown, expected: string): boolean {
  if (typeof htu !== 'string') return false
  const actual = URL.parse(htu)
  if (!actual) return false
  actual.search = ''
  actual.hash = ''
  return actual.href === new URL(expected).href
}
