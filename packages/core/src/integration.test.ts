// The whole protocol over real HTTP against a real oidc-provider (no mocked HTTP): code + PKCE,
// ID token validation, refresh with rotation and reuse detection, revocation, logout, and the
// error paths, each by its AUTH_* code.
import {
  CookieJar,
  completeLogin,
  completeLogout,
  denyLogin,
  startDevProvider,
  type DevProvider,
} from '@lanyard/dev-provider'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { validateCallback } from './callback.ts'
import { createContext, type ClientContext } from './context.ts'
import { discover } from './discovery.ts'
import { buildLogoutUrl } from './logout.ts'
import { exchangeCode, refreshTokens, revokeToken } from './tokens.ts'

const APP = 'http://localhost:5999'
const client = {
  clientId: 'core-it',
  redirectUris: [`${APP}/cb`],
  postLogoutRedirectUris: [`${APP}/`],
}

let provider: DevProvider
let ctx: ClientContext

beforeAll(async () => {
  provider = await startDevProvider({ port: 0, clients: [client], quiet: true })
  ctx = createContext(await discover(provider.issuer), { clientId: client.clientId })
})
afterAll(() => provider?.close())
beforeEach(() => {
  provider.setFaults({})
  provider.clearRequests()
})

const tokenRequests = () => provider.requests.filter((r) => r.method === 'POST' && r.path === '/token').length

async function login(username = 'alice', jar = new CookieJar()) {
  const { url, transaction } = await createAuthorizationRequest(ctx, {
    redirectUri: `${APP}/cb`,
    scope: 'profile email offline_access',
    params: { prompt: 'consent' },
  })
  const callbackUrl = await completeLogin(url, { username, jar })
  return { callbackUrl, transaction, jar }
}

async function signedIn(username = 'alice') {
  const { callbackUrl, transaction, jar } = await login(username)
  return { tokens: await exchangeCode(ctx, validateCallback(ctx, callbackUrl, transaction)), jar }
}

async function apiMe(accessToken: string) {
  const response = await fetch(`${provider.issuer}/api/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  })
  return { status: response.status, body: response.ok ? await response.json() : undefined }
}

describe('against the dev provider', () => {
  it('discovers the provider with RFC 9207 and S256', () => {
    expect(ctx.as).toMatchObject({
      issuer: provider.issuer,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
    })
  })

  it('runs code + PKCE → tokens → API → refresh with rotation → revoke → logout', async () => {
    const { tokens, jar } = await signedIn('alice')
    expect(tokens.token_type).toBe('bearer')
    expect(tokens.claims).toMatchObject({ sub: 'alice', iss: provider.issuer, aud: client.clientId })
    expect(tokens.refresh_token).toBeTruthy()
    expect(tokens.expires_at).toBeGreaterThan(Date.now() / 1000)
    expect(await apiMe(tokens.access_token)).toMatchObject({ status: 200, body: { sub: 'alice' } })

    const refreshed = await refreshTokens(ctx, tokens)
    expect(refreshed.access_token).not.toBe(tokens.access_token)
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token) // rotated
    expect(refreshed.claims?.sub).toBe('alice')
    expect(await apiMe(refreshed.access_token)).toMatchObject({ status: 200 })

    // The old refresh token is now rejected (and reuse revokes the grant).
    await expect(refreshTokens(ctx, tokens)).rejects.toMatchObject({
      code: 'AUTH_LOGIN_REQUIRED',
      error: 'invalid_grant',
    })
    await expect(refreshTokens(ctx, refreshed)).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' })

    // Revocation ends a fresh grant's refresh token.
    const second = (await signedIn('bob')).tokens
    await revokeToken(ctx, second.refresh_token!)
    await expect(refreshTokens(ctx, second)).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' })

    // RP-initiated logout returns to the app.
    const logoutUrl = buildLogoutUrl(ctx, { idTokenHint: tokens.id_token!, postLogoutRedirectUri: `${APP}/` })
    expect(logoutUrl?.href.startsWith(ctx.as.end_session_endpoint!)).toBe(true)
    expect(await completeLogout(logoutUrl!, { jar })).toBe(`${APP}/`)
  })

  it('state mismatch → AUTH_STATE_MISMATCH, no token request', async () => {
    const { callbackUrl } = await login()
    const other = (await createAuthorizationRequest(ctx, { redirectUri: `${APP}/cb` })).transaction
    provider.clearRequests()
    expect(() => validateCallback(ctx, callbackUrl, other)).toThrow(
      expect.objectContaining({ code: 'AUTH_STATE_MISMATCH' }),
    )
    expect(tokenRequests()).toBe(0)
  })

  it('iss mismatch (mix-up) → AUTH_CALLBACK_INVALID, no token request', async () => {
    const { callbackUrl, transaction } = await login()
    const forged = new URL(callbackUrl)
    expect(forged.searchParams.get('iss')).toBe(provider.issuer)
    forged.searchParams.set('iss', 'http://localhost:1/')
    provider.clearRequests()
    expect(() => validateCallback(ctx, forged, transaction)).toThrow(
      expect.objectContaining({ code: 'AUTH_CALLBACK_INVALID' }),
    )
    expect(tokenRequests()).toBe(0)
  })

  it('?error=access_denied → AUTH_AUTHORIZATION_ERROR with the server fields', async () => {
    const { url, transaction } = await createAuthorizationRequest(ctx, { redirectUri: `${APP}/cb` })
    const callbackUrl = await denyLogin(url)
    expect(() => validateCallback(ctx, callbackUrl, transaction)).toThrow(
      expect.objectContaining({ code: 'AUTH_AUTHORIZATION_ERROR', error: 'access_denied' }),
    )
  })

  it('a used code → AUTH_TOKEN_REQUEST_FAILED (invalid_grant)', async () => {
    const { callbackUrl, transaction } = await login()
    const validated = validateCallback(ctx, callbackUrl, transaction)
    await exchangeCode(ctx, validated)
    await expect(exchangeCode(ctx, validated)).rejects.toMatchObject({
      code: 'AUTH_TOKEN_REQUEST_FAILED',
      error: 'invalid_grant',
      status: 400,
    })
  })

  it.each([
    ['http500', { code: 'AUTH_TOKEN_REQUEST_FAILED', status: 500 }],
    ['malformed-json', { code: 'AUTH_INVALID_RESPONSE' }],
    ['hang', { code: 'AUTH_TIMEOUT' }],
  ] as const)('token endpoint fault %s → typed error', async (fault, expected) => {
    const { callbackUrl, transaction } = await login()
    provider.setFaults({ token: fault })
    const quick = createContext(ctx.as, { clientId: client.clientId, timeoutMs: 500 })
    await expect(
      exchangeCode(quick, validateCallback(quick, callbackUrl, transaction)),
    ).rejects.toMatchObject(expected)
  })

  it('an unreachable provider → AUTH_NETWORK_ERROR', async () => {
    const gone = await startDevProvider({ port: 0, clients: [client], quiet: true })
    const goneCtx = createContext(await discover(gone.issuer), { clientId: client.clientId })
    const { url, transaction } = await createAuthorizationRequest(goneCtx, { redirectUri: `${APP}/cb` })
    const callbackUrl = await completeLogin(url)
    await gone.close()
    await expect(
      exchangeCode(goneCtx, validateCallback(goneCtx, callbackUrl, transaction)),
    ).rejects.toMatchObject({
      code: 'AUTH_NETWORK_ERROR',
    })
  })
})
