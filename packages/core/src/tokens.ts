import * as oauth from 'oauth4webapi'
import { isValidatedCallback, type ValidatedCallback } from './callback.ts'
import { clientAuth } from './client-auth.ts'
import type { ClientContext } from './context.ts'
import { AUTH_LOGIN_REQUIRED, AuthError, isAuthError, misuse } from './errors.ts'
import { checkLoginIdToken, checkRefreshedIdToken, verifyIdToken } from './id-token.ts'
import { withNonceRetry } from './nonce-retry.ts'
import { issuerForResponse } from './tenant-issuer.ts'
import { toTokenSet, type TokenSet } from './token-set.ts'
import { guard } from './wrap-error.ts'

export type { IdTokenClaims, TokenSet } from './token-set.ts'

/** A DPoP handle (RFC 9449) for sender-constrained tokens. */
export type DPoPHandle = oauth.DPoPHandle

/** Options shared by token endpoint calls. */
export interface TokenRequestOptions {
  DPoP?: DPoPHandle | undefined
  /** Epoch ms; injectable for tests. */
  now?: number
}

/** Options of {@link refreshTokens}. */
export interface RefreshOptions extends TokenRequestOptions {
  /** Extra parameters, e.g. `scope` or Auth0's `audience`, for a token for another API. */
  params?: Record<string, string> | undefined
  /** RFC 8707 resource indicator(s) of the API the new access token is for. */
  resource?: string | readonly string[] | undefined
}

/**
 * Sends a token request (once more for a DPoP nonce), validates the response and a returned ID
 * token (claims, signature, `iat`, `azp`), and keeps only the fields Lanyard uses.
 */
async function tokenRequest(
  ctx: ClientContext,
  what: string,
  grantType: string,
  parameters: Record<string, string> | URLSearchParams,
  options: TokenRequestOptions,
): Promise<TokenSet> {
  const { as, client } = ctx
  const opts = { ...ctx.request, ...(options.DPoP && { DPoP: options.DPoP }) }
  return guard(what, async () => {
    const { response, result } = await withNonceRetry(options.DPoP, async () => {
      const response = await oauth.genericTokenEndpointRequest(
        as,
        client,
        clientAuth,
        grantType,
        parameters,
        opts,
      )
      const checked = await issuerForResponse(as, response)
      return { response, result: await oauth.processGenericTokenEndpointResponse(checked, client, response) }
    })
    const tokens = toTokenSet(result, options.now ?? Date.now(), options.DPoP)
    if (tokens.claims) await verifyIdToken(ctx, response, tokens.claims)
    return tokens
  })
}

// The code exchange's parameters: with the RFC 8707 resource the login asked for (a provider may
// issue the API's token only when the token request names it again, RFC 8707 2.2). Only one: an
// access token is for one resource (oidc-provider refuses more); with several, none is named and
// the provider applies its default.
function exchangeParameters(tx: ValidatedCallback['transaction'], code: string): URLSearchParams {
  const parameters = new URLSearchParams({
    redirect_uri: tx.redirectUri,
    code,
    code_verifier: tx.codeVerifier,
  })
  if (tx.resource?.length === 1) parameters.set('resource', tx.resource[0]!)
  return parameters
}

/**
 * Exchanges a validated callback's code (one token request, one retry for a DPoP nonce) and
 * validates the ID token: signature, `iss`, `aud`, `azp`, `exp`, `iat`, `nonce`, `auth_time` for
 * `max_age`, and the Auth0 organization when one was requested.
 */
export async function exchangeCode(
  ctx: ClientContext,
  callback: ValidatedCallback,
  options: TokenRequestOptions = {},
): Promise<TokenSet> {
  if (!isValidatedCallback(callback)) throw misuse('not a validated callback')
  const { transaction: tx, params } = callback
  const tokens = await tokenRequest(
    ctx,
    'code exchange',
    'authorization_code',
    exchangeParameters(tx, params.get('code')!), // validateCallback made sure there is exactly one code
    options,
  )
  checkLoginIdToken(ctx, tokens.claims, tx)
  return tokens
}

/**
 * Refresh-token grant. Keeps the old refresh token when none is rotated in, keeps the old ID
 * token when none is returned, and requires a new one to match the original (OIDC Core 12.2:
 * `iss`, `sub`, `aud`, `azp`, `auth_time`, `nonce`). `invalid_grant` (revoked, expired or reused
 * token) → `AUTH_LOGIN_REQUIRED`.
 */
export async function refreshTokens(
  ctx: ClientContext,
  previous: TokenSet,
  options: RefreshOptions = {},
): Promise<TokenSet> {
  const refreshToken = previous.refresh_token
  if (!refreshToken) throw new AuthError(AUTH_LOGIN_REQUIRED, 'no refresh token')
  const parameters = new URLSearchParams(options.params)
  for (const resource of [options.resource ?? []].flat()) parameters.append('resource', resource)
  parameters.set('refresh_token', refreshToken)
  let next: TokenSet
  try {
    next = await tokenRequest(ctx, 'refresh', 'refresh_token', parameters, options)
  } catch (error) {
    if (isAuthError(error) && error.error === 'invalid_grant') {
      throw new AuthError(AUTH_LOGIN_REQUIRED, 'session ended: sign in again', {
        cause: error,
        error: 'invalid_grant',
      })
    }
    throw error
  }
  if (next.claims && previous.claims) checkRefreshedIdToken(next.claims, previous.claims)
  return {
    ...next,
    refresh_token: next.refresh_token ?? refreshToken,
    // A refresh token that was not rotated keeps its expiry, unless the provider restates it.
    refresh_expires_at: next.refresh_token
      ? next.refresh_expires_at
      : (next.refresh_expires_at ?? previous.refresh_expires_at),
    id_token: next.id_token ?? previous.id_token,
    claims: next.claims ?? previous.claims,
  }
}

/**
 * RFC 7009 revocation. Resolves without a request when the provider has no revocation endpoint.
 */
export async function revokeToken(
  ctx: ClientContext,
  token: string,
  hint: 'refresh_token' | 'access_token' = 'refresh_token',
  options: { DPoP?: DPoPHandle | undefined } = {},
): Promise<void> {
  const { as, client } = ctx
  if (!as.revocation_endpoint) return
  await guard('revocation', async () =>
    oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, clientAuth, token, {
        ...ctx.request,
        additionalParameters: { token_type_hint: hint },
        ...(options.DPoP && { DPoP: options.DPoP }),
      }),
    ),
  )
}

/**
 * Ends a token set's grant at the provider (RFC 7009): its refresh token, whose access tokens go
 * with it (2.1), else its access token (a session without a refresh token ends there too).
 */
export function revokeGrant(
  ctx: ClientContext,
  tokens: Pick<TokenSet, 'access_token' | 'refresh_token'>,
  options: { DPoP?: DPoPHandle | undefined } = {},
): Promise<void> {
  return tokens.refresh_token
    ? revokeToken(ctx, tokens.refresh_token, 'refresh_token', options)
    : revokeToken(ctx, tokens.access_token, 'access_token', options)
}
