import * as oauth from 'oauth4webapi'
import { isValidatedCallback, type ValidatedCallback } from './callback.ts'
import { clientAuth, type ClientContext } from './context.ts'
import {
  AUTH_INVALID_RESPONSE,
  AUTH_LOGIN_REQUIRED,
  AuthError,
  InvalidResponseError,
  LoginRequiredError,
} from './errors.ts'
import { guard } from './wrap-error.ts'

/** Validated ID token claims. */
export type IdTokenClaims = oauth.IDToken

/** Tokens as the token endpoint named them, plus `expires_at` and the validated ID token claims. */
export interface TokenSet {
  readonly access_token: string
  readonly token_type: 'bearer' | 'dpop'
  /** Epoch seconds, computed from `expires_in` and the local clock at receipt. */
  readonly expires_at?: number | undefined
  readonly refresh_token?: string | undefined
  readonly id_token?: string | undefined
  readonly scope?: string | undefined
  readonly claims?: IdTokenClaims | undefined
}

/** A DPoP handle (RFC 9449) for sender-constrained tokens. */
export type DPoPHandle = oauth.DPoPHandle

/** Options shared by token endpoint calls. */
export interface TokenRequestOptions {
  DPoP?: DPoPHandle | undefined
  /** Epoch ms; injectable for tests. */
  now?: number
}

/**
 * Runs `send`, and once more on `use_dpop_nonce`: oauth4webapi leaves that retry to the caller,
 * and the handle has learned the nonce from the `DPoP-Nonce` header by then.
 */
export async function withNonceRetry<T>(dpop: DPoPHandle | undefined, send: () => Promise<T>): Promise<T> {
  try {
    return await send()
  } catch (error) {
    if (dpop && oauth.isDPoPNonceError(error)) return send()
    throw error
  }
}

function toTokenSet(result: oauth.TokenEndpointResponse, now: number, dpop: unknown): TokenSet {
  const { token_type, expires_in } = result
  // A DPoP-bound token without our key is unusable (and a sign of a confused server).
  if (token_type == 'dpop' && !dpop)
    throw new InvalidResponseError(AUTH_INVALID_RESPONSE, 'unrequested DPoP token')
  return {
    ...result,
    token_type: token_type as TokenSet['token_type'],
    expires_at: expires_in === undefined ? undefined : Math.floor(now / 1000) + expires_in,
    claims: oauth.getValidatedIdTokenClaims(result),
  }
}

/**
 * Exchanges a validated callback's code (one token request, one retry for a DPoP nonce) and
 * validates the ID token: `iss`, `aud`, `azp`, `exp`, `iat`, `nonce`, and `auth_time` for `max_age`.
 */
export async function exchangeCode(
  ctx: ClientContext,
  callback: ValidatedCallback,
  options: TokenRequestOptions = {},
): Promise<TokenSet> {
  if (!isValidatedCallback(callback)) throw new TypeError('not a validated callback')
  const { as, client } = ctx
  const { transaction: tx, params } = callback
  const opts = {
    ...ctx.request,
    ...(options.DPoP && { DPoP: options.DPoP }),
  }
  return guard('code exchange', async () => {
    const result = await withNonceRetry(options.DPoP, async () =>
      oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(
          as,
          client,
          clientAuth,
          params,
          tx.redirectUri,
          tx.codeVerifier,
          opts,
        ),
        { expectedNonce: tx.nonce, requireIdToken: true, maxAge: tx.maxAge ?? oauth.skipAuthTimeCheck },
      ),
    )
    return toTokenSet(result, options.now ?? Date.now(), options.DPoP)
  })
}

/**
 * Refresh-token grant. Keeps the old refresh token when none is rotated in, keeps the old ID
 * token when none is returned, and requires a new ID token to have the same `sub`.
 * `invalid_grant` (revoked, expired or reused token) → `AUTH_LOGIN_REQUIRED`.
 */
export async function refreshTokens(
  ctx: ClientContext,
  previous: TokenSet,
  options: TokenRequestOptions & { params?: Record<string, string> } = {},
): Promise<TokenSet> {
  const { as, client } = ctx
  const refreshToken = previous.refresh_token
  if (!refreshToken) throw new LoginRequiredError(AUTH_LOGIN_REQUIRED, 'no refresh token')
  const opts = {
    ...ctx.request,
    ...(options.DPoP && { DPoP: options.DPoP }),
    // e.g. `scope` or Auth0's `audience`, to get a token for another API with the same grant.
    ...(options.params && { additionalParameters: options.params }),
  }
  let next: TokenSet
  try {
    next = await guard('refresh', async () => {
      const result = await withNonceRetry(options.DPoP, async () =>
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, opts),
        ),
      )
      return toTokenSet(result, options.now ?? Date.now(), options.DPoP)
    })
  } catch (error) {
    if (error instanceof AuthError && error.error === 'invalid_grant') {
      throw new LoginRequiredError(AUTH_LOGIN_REQUIRED, 'session ended: sign in again', {
        cause: error,
        error: 'invalid_grant',
      })
    }
    throw error
  }
  // OIDC Core 12.2: a refreshed ID token describes the same user, and any nonce is the original.
  const [a, b] = [next.claims, previous.claims]
  if (a && b && (a.sub !== b.sub || (a.nonce !== undefined && a.nonce !== b.nonce))) {
    throw new InvalidResponseError(AUTH_INVALID_RESPONSE, 'refresh: ID token changed')
  }
  return {
    ...next,
    refresh_token: next.refresh_token ?? refreshToken,
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
