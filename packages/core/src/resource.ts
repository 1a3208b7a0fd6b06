import * as oauth from 'oauth4webapi'
import type { DPoPHandle } from './tokens.ts'
import { withNonceRetry } from './nonce-retry.ts'

/**
 * Sends `request` to a protected resource with a DPoP-bound access token: `Authorization: DPoP`
 * plus a fresh proof (`htm`, `htu`, `iat`, `jti`, `ath`, and the server's nonce when it has sent
 * one), retried once on `use_dpop_nonce`. Resolves with the response whatever its status.
 */
export async function dpopResourceRequest(
  accessToken: string,
  request: Request,
  DPoP: DPoPHandle,
): Promise<Response> {
  const send = () =>
    oauth.protectedResourceRequest(accessToken, request.method, new URL(request.url), request.headers, null, {
      DPoP,
      // The caller chose this URL; the token's binding, not the scheme, protects it.
      [oauth.allowInsecureRequests]: true,
      // Keep the caller's request (body, credentials, mode, signal); add only the headers.
      [oauth.customFetch]: (_url, init) => fetch(new Request(request.clone(), { headers: init.headers })),
    })
  try {
    return await withNonceRetry(DPoP, send)
  } catch (error) {
    // A challenge is an answer, not a failure: give the response back to the caller.
    if (error instanceof oauth.WWWAuthenticateChallengeError) return error.response
    throw error
  }
}
