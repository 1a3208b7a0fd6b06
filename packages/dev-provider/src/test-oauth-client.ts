// Shared by this package's tests (not built, not exported): an RFC-following client (oauth4webapi)
// that logs in at a dev provider, so each profile is checked the way a real client meets it.
import * as oauth from 'oauth4webapi'
import { completeLogin } from './login.ts'
import { CLIENT_ID, pkce, REDIRECT_URI } from './test-helpers.ts'
import type { DevProvider } from './types.ts'

export const insecure = { [oauth.allowInsecureRequests]: true } as const
export const client: oauth.Client = { client_id: CLIENT_ID, token_endpoint_auth_method: 'none' }

/** The provider's metadata, found by OpenID Connect discovery from its issuer (as a client does). */
export async function discoverAs(provider: DevProvider): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(provider.issuer)
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure))
}

/** Options of {@link oauthLogin}. */
export interface OAuthLoginOptions {
  /** Extra authorization (and token) request parameters, e.g. `{ resource }`. */
  extra?: Record<string, string>
  /** Send `extra` with the authorization request only, not with the code exchange. */
  extraAtAuthorizationOnly?: boolean
  /** Push the authorization request first (RFC 9126). */
  par?: boolean
  /** Sender-constrain the tokens (RFC 9449). */
  DPoP?: oauth.DPoPHandle
}

/** What a login produced: the callback URL and the validated token response. */
export interface OAuthLogin {
  callback: URL
  tokens: oauth.TokenEndpointResponse
}

/** `fn`, retried once on `use_dpop_nonce` (the handle has cached the nonce by then). */
async function withNonceRetry<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (!oauth.isDPoPNonceError(error)) throw error
    return fn()
  }
}

/** The authorization URL to open: the request itself, or a `request_uri` to the pushed one. */
async function authorizationUrl(
  as: oauth.AuthorizationServer,
  params: Record<string, string>,
  options: OAuthLoginOptions,
): Promise<URL> {
  const url = new URL(as.authorization_endpoint ?? '')
  if (!options.par) {
    url.search = new URLSearchParams(params).toString()
    return url
  }
  const pushed = await withNonceRetry(async () =>
    oauth.processPushedAuthorizationResponse(
      as,
      client,
      await oauth.pushedAuthorizationRequest(as, client, oauth.None(), params, {
        ...insecure,
        ...(options.DPoP ? { DPoP: options.DPoP } : {}),
      }),
    ),
  )
  url.search = new URLSearchParams({ client_id: CLIENT_ID, request_uri: pushed.request_uri }).toString()
  return url
}

/** Code flow with PKCE through the login page (over HTTP), then the code exchange, all validated. */
export async function oauthLogin(
  provider: DevProvider,
  options: OAuthLoginOptions = {},
): Promise<OAuthLogin> {
  const as = await discoverAs(provider)
  const { verifier, challenge } = await pkce()
  const params = {
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile email',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(options.DPoP ? { dpop_jkt: await options.DPoP.calculateThumbprint() } : {}),
    ...options.extra,
  }
  const callback = new URL(await completeLogin(await authorizationUrl(as, params, options)))
  const validated = oauth.validateAuthResponse(as, client, callback, 'state-1')
  const tokens = await withNonceRetry(async () =>
    oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), validated, REDIRECT_URI, verifier, {
        ...insecure,
        ...(options.DPoP ? { DPoP: options.DPoP } : {}),
        ...(options.extra && !options.extraAtAuthorizationOnly
          ? { additionalParameters: options.extra }
          : {}),
      }),
    ),
  )
  return { callback, tokens }
}

/** A refresh-token grant, validated (an ID token in the answer is checked too). */
export async function oauthRefresh(
  provider: DevProvider,
  refreshToken: string,
  extra: Record<string, string> = {},
): Promise<oauth.TokenEndpointResponse> {
  const as = await discoverAs(provider)
  const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, {
    ...insecure,
    additionalParameters: extra,
  })
  return oauth.processRefreshTokenResponse(as, client, response)
}
