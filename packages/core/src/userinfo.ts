import * as oauth from 'oauth4webapi'
import type { ClientContext } from './context.ts'
import { AUTH_DISCOVERY_FAILED, AUTH_INVALID_RESPONSE, AuthError } from './errors.ts'
import { withNonceRetry } from './nonce-retry.ts'
import type { DPoPHandle } from './tokens.ts'
import { guard } from './wrap-error.ts'

/** The claims the UserInfo endpoint returns (OIDC Core 5.3.2); `sub` is always there. */
export type UserInfo = oauth.UserInfoResponse

/**
 * Fetches the user's claims from the UserInfo endpoint (OIDC Core 5.3) with `accessToken` (Bearer,
 * or DPoP with a proof and one retry for a nonce). Refused unless its `sub` is `expectedSubject`,
 * the ID token's (5.3.2); a signed (`application/jwt`) answer is verified with the provider's keys.
 * A refused token is `AUTH_TOKEN_REQUEST_FAILED` (`error: 'invalid_token'`), a wrong answer
 * `AUTH_INVALID_RESPONSE`, a provider without the endpoint `AUTH_DISCOVERY_FAILED`.
 */
export async function fetchUserInfo(
  ctx: ClientContext,
  accessToken: string,
  expectedSubject: string,
  options: { DPoP?: DPoPHandle | undefined } = {},
): Promise<UserInfo> {
  const { as, client } = ctx
  if (!as.userinfo_endpoint) throw new AuthError(AUTH_DISCOVERY_FAILED, 'discovery: no userinfo_endpoint')
  return guard('userinfo', () =>
    withNonceRetry(options.DPoP, async () => {
      // (userInfoRequest's URL fails its own instanceof check across realms, e.g. happy-dom.)
      const response = await oauth.protectedResourceRequest(
        accessToken,
        'GET',
        new URL(as.userinfo_endpoint!),
        new Headers({ accept: 'application/json, application/jwt' }),
        null,
        { ...ctx.request, ...(options.DPoP && { DPoP: options.DPoP }) },
      )
      const claims = await oauth.processUserInfoResponse(as, client, expectedSubject, response)
      // Signed: its signature too (processUserInfoResponse checks only the claims), and its `iss`
      // and `aud`, which a signed answer MUST carry (5.3.2; processUserInfoResponse checks them
      // only when present).
      if (response.headers.get('content-type')?.startsWith('application/jwt')) {
        if (claims.iss === undefined || claims.aud === undefined) {
          throw new AuthError(AUTH_INVALID_RESPONSE, 'userinfo: a signed answer without iss or aud')
        }
        await oauth.validateApplicationLevelSignature(as, response, {
          ...ctx.request,
          [oauth.jwksCache]: ctx.jwksCache,
        })
      }
      return claims
    }),
  )
}
