import type { IncomingMessage, ServerResponse } from 'node:http'
import type Provider from 'oidc-provider'
import { sendJson } from './http.js'

function unauthorized(res: ServerResponse, challenge: string): void {
  sendJson(res, 401, { error: 'invalid_token' }, { 'www-authenticate': challenge })
}

/**
 * `GET /api/me`, the protected resource: a valid, unexpired Bearer access token gets the caller
 * echoed back. DPoP-bound tokens are refused as Bearer (DPoP proofs are not checked here yet).
 */
export async function apiMe(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const match = /^Bearer ([\w.~+/-]+=*)$/i.exec(req.headers.authorization ?? '')
  if (!match?.[1]) {
    // No credentials at all: a bare challenge, as RFC 6750 section 3.1 asks.
    unauthorized(res, 'Bearer')
    return
  }
  const token = await provider.AccessToken.find(match[1])
  // isExpired has no clock tolerance, unlike oidc-provider's own endpoints (15 s).
  if (!token || token.isExpired || token.jkt) {
    unauthorized(res, 'Bearer error="invalid_token"')
    return
  }
  sendJson(res, 200, {
    sub: token.accountId,
    scope: token.scope ?? '',
    aud: token.aud ?? null,
    client_id: token.clientId,
  })
}
