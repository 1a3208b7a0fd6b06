import type { IncomingMessage, ServerResponse } from 'node:http'
import { findAccessToken, type PresentedToken, type TokenIssuer } from './access-token.ts'
import type { DpopNonces } from './dpop-nonce.ts'
import { DPOP_ALGS, DpopProofError, ProofVerifier } from './dpop-proof.ts'
import { sendJson } from './http.ts'

/** What `/api/me` needs. */
export interface ApiMeOptions {
  /** Where access tokens come from (opaque ones in the provider's store, JWTs signed by its key). */
  tokens: TokenIssuer
  /** The issuer without a trailing slash: proofs' `htu` must be this plus `/api/me`. */
  baseUrl: string
  /** Shared with the token endpoint, so one nonce serves both. */
  nonces: DpopNonces
  /** Demand a DPoP nonce in every proof (`use_dpop_nonce` otherwise), and send one with every response. */
  requireNonce: boolean
  /** A proof's `iat` may be this many seconds off the server's clock. */
  iatWindow: number
}

type Scheme = 'Bearer' | 'DPoP'
type ErrorCode = 'invalid_token' | 'invalid_dpop_proof' | 'use_dpop_nonce'

const ALGS = `algs="${DPOP_ALGS.join(' ')}"`

/** RFC 6750 section 3: error_description is printable ASCII without `"` and `\`. */
const quotable = (text: string): string => text.replace(/[^\x20-\x7e]|["\\]/g, "'")

function challenge(scheme: Scheme, error: ErrorCode, description: string): string {
  // Bearer challenges stay minimal (`Bearer error="invalid_token"`), as before DPoP.
  if (scheme === 'Bearer') return `Bearer error="${error}"`
  return `DPoP error="${error}", error_description="${quotable(description)}", ${ALGS}`
}

/**
 * `GET /api/me`, the protected resource: echoes the caller of a valid, unexpired access token.
 * Bearer tokens as `Authorization: Bearer`; DPoP-bound tokens (the token's `jkt`) only as
 * `Authorization: DPoP` with a proof (RFC 9449 section 7) signed by the bound key.
 */
export function createApiMe(
  options: ApiMeOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { baseUrl, nonces, requireNonce } = options
  const verifier = new ProofVerifier({ nonces, requireNonce, iatWindow: options.iatWindow })

  return async (req, res) => {
    // With nonces on, every answer carries a fresh one (clients keep the latest per origin).
    const nonceHeader: Record<string, string> = requireNonce ? { 'dpop-nonce': nonces.next() } : {}
    const refuse = (scheme: Scheme, error: ErrorCode, description: string): void =>
      sendJson(
        res,
        401,
        { error, error_description: description },
        { ...nonceHeader, 'www-authenticate': challenge(scheme, error, description) },
      )

    const match = /^(Bearer|DPoP) ([\w.~+/-]+=*)$/i.exec(req.headers.authorization ?? '')
    if (!match?.[1] || !match[2]) {
      // No usable credentials: bare challenges, as RFC 6750 section 3.1 and RFC 9449 section 7.1 ask.
      sendJson(
        res,
        401,
        { error: 'invalid_token', error_description: 'no access token' },
        { ...nonceHeader, 'www-authenticate': `Bearer, DPoP ${ALGS}` },
      )
      return
    }
    const scheme: Scheme = match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer'
    const value = match[2]

    const token = await findAccessToken(options.tokens, value)
    if (!token) {
      refuse(scheme, 'invalid_token', 'access token unknown, revoked or expired')
      return
    }
    const bound = token.jkt
    if (!bound) {
      if (scheme === 'DPoP')
        refuse('Bearer', 'invalid_token', 'a Bearer token presented with the DPoP scheme')
      else sendJson(res, 200, echo(token), nonceHeader)
      return
    }
    if (scheme === 'Bearer') {
      refuse('DPoP', 'invalid_token', 'a DPoP-bound access token presented as Bearer')
      return
    }

    const path = (req.url ?? '/').split('?')[0] ?? '/'
    let jkt: string
    try {
      ;({ jkt } = await verifier.verify({
        header: req.headers.dpop,
        method: req.method ?? 'GET',
        url: `${baseUrl}${path}`,
        accessToken: value,
      }))
    } catch (error) {
      if (!(error instanceof DpopProofError)) throw error
      // use_dpop_nonce always comes with the nonce to use, also when nonces are otherwise off.
      if (error.error === 'use_dpop_nonce') nonceHeader['dpop-nonce'] = nonces.next()
      refuse('DPoP', error.error, error.message)
      return
    }
    if (jkt !== bound) {
      refuse('DPoP', 'invalid_token', 'the DPoP proof key is not the one the access token is bound to')
      return
    }
    sendJson(res, 200, { ...echo(token), cnf: { jkt: bound } }, nonceHeader)
  }
}

function echo(token: PresentedToken): Record<string, unknown> {
  return { sub: token.accountId, scope: token.scope ?? '', aud: token.aud ?? null, client_id: token.clientId }
}
