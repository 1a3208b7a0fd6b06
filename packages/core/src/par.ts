import * as oauth from 'oauth4webapi'
import { clientAuth } from './client-auth.ts'
import type { ClientContext } from './context.ts'
import { AUTH_AUTHORIZATION_ERROR, AUTH_CONFIG_INVALID, AuthError } from './errors.ts'
import { withNonceRetry } from './nonce-retry.ts'
import { guard } from './wrap-error.ts'

/** True when the authorization request must be pushed: asked for, or required by the provider. */
export function usesPar(ctx: ClientContext, par: boolean | undefined): boolean {
  return par === true || ctx.as.require_pushed_authorization_requests === true
}

/**
 * RFC 9126: pushes the authorization parameters (with a DPoP proof when `DPoP` is given) and
 * returns the `request_uri` that stands for them. A refusal is `AUTH_AUTHORIZATION_ERROR`.
 */
export async function pushAuthorizationRequest(
  ctx: ClientContext,
  params: URLSearchParams,
  DPoP: oauth.DPoPHandle | undefined,
): Promise<string> {
  const { as, client } = ctx
  if (!as.pushed_authorization_request_endpoint) {
    throw new AuthError(AUTH_CONFIG_INVALID, 'par: no pushed_authorization_request_endpoint')
  }
  const pushed = await guard(
    'pushed authorization request',
    () =>
      withNonceRetry(DPoP, async () =>
        oauth.processPushedAuthorizationResponse(
          as,
          client,
          await oauth.pushedAuthorizationRequest(as, client, clientAuth, params, {
            ...ctx.request,
            ...(DPoP && { DPoP }),
          }),
        ),
      ),
    AUTH_AUTHORIZATION_ERROR,
  )
  return pushed.request_uri
}
