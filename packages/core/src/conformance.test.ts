// Issues 11 and 12 against the real provider (node oidc-provider over HTTP, nothing mocked): its
// ID tokens verify against its JWKS, PAR (with DPoP), RFC 8707 resources, logout with state,
// Auth0 organizations checked, discovery errors classified.
import {
  CookieJar,
  completeLogin,
  completeLogout,
  startDevProvider,
  type DevProvider,
} from '@lanyard/dev-provider'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { validateCallback } from './callback.ts'
import { createContext, type ClientContext } from './context.ts'
import { discover } from './discovery.ts'
import { createDPoP, generateDPoPKeyPair } from './dpop.ts'
import { prefetchJwks } from './jwks.ts'
import { buildLogoutUrl } from './logout.ts'
import { exchangeCode, refreshTokens, type DPoPHandle } from './tokens.ts'

const APP = 'http://localhost:5997'
const client = {
  clientId: 'core-conformance',
  redirectUris: [`${APP}/cb`],
  postLogoutRedirectUris: [`${APP}/`],
}

let provider: DevProvider
let ctx: ClientContext

beforeAll(async () => {
  // RFC 8707 as stock oidc-provider has it: a token request gets the resource's token only when it
  // names the resource again.
  provider = await startDevProvider({
    port: 0,
    clients: [client],
    quiet: true,
    strictResourceIndicators: true,
  })
  ctx = createContext(await discover(provider.issuer), { clientId: client.clientId })
})
afterAll(() => provider?.close())
beforeEach(() => {
  provider.setFaults({})
  provider.clearRequests()
})

async function signedIn(username: string) {
  const jar = new CookieJar()
  const { url, transaction } = await createAuthorizationRequest(ctx, { redirectUri: `${APP}/cb` })
  const callbackUrl = await completeLogin(url, { username, jar })
  return { tokens: await exchangeCode(ctx, validateCallback(ctx, callbackUrl, transaction)), jar }
}

async function apiMe(accessToken: string) {
  const response = await fetch(`${provider.issuer}/api/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  })
  return { status: response.status, body: response.ok ? await response.json() : undefined }
}

describe('conformance against the dev provider', () => {
  it("verifies the ID token signatures against its jwks_uri, fetched once into the caller's cache", async () => {
    const jwksCache = {}
    const fresh = createContext(await discover(provider.issuer), { clientId: client.clientId, jwksCache })
    const { url, transaction } = await createAuthorizationRequest(fresh, {
      redirectUri: `${APP}/cb`,
      scope: 'profile offline_access',
    })
    const callbackUrl = await completeLogin(url)
    provider.clearRequests()
    const tokens = await exchangeCode(fresh, validateCallback(fresh, callbackUrl, transaction))
    expect(tokens.claims?.sub).toBe('alice')
    expect(provider.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /token', 'GET /jwks'])
    expect(jwksCache).toMatchObject({
      uat: expect.any(Number),
      jwks: { keys: [expect.objectContaining({ kty: 'RSA' })] },
    })

    // The refreshed ID token (new claims; RS256 is deterministic, so within the same second the
    // token itself may be identical) verifies against the cached keys: no second JWKS request.
    const refreshed = await refreshTokens(fresh, tokens)
    expect(refreshed.claims).not.toBe(tokens.claims)
    expect(refreshed.claims?.sub).toBe('alice')
    expect(provider.requests.filter((r) => r.path === '/jwks')).toHaveLength(1)
  })

  it('prefetches the JWKS when a login is prepared: the callback makes one request, the token', async () => {
    const fresh = createContext(await discover(provider.issuer), { clientId: client.clientId })
    await prefetchJwks(fresh)
    const { url, transaction } = await createAuthorizationRequest(fresh, { redirectUri: `${APP}/cb` })
    const callbackUrl = await completeLogin(url)
    provider.clearRequests()
    await exchangeCode(fresh, validateCallback(fresh, callbackUrl, transaction))
    expect(provider.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /token'])
  })

  it('pushes the authorization request (PAR) when asked, and the login completes', async () => {
    const { url, transaction } = await createAuthorizationRequest(ctx, {
      redirectUri: `${APP}/cb`,
      par: true,
    })
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'request_uri'])
    expect(provider.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /request'])
    const callbackUrl = await completeLogin(url)
    await expect(exchangeCode(ctx, validateCallback(ctx, callbackUrl, transaction))).resolves.toMatchObject({
      claims: { sub: 'alice' },
    })
  })

  it('pushes with a DPoP proof: the code is bound to that key', async () => {
    const push = async (DPoP: DPoPHandle) => {
      const { url, transaction } = await createAuthorizationRequest(ctx, {
        redirectUri: `${APP}/cb`,
        par: true,
        DPoP,
      })
      return validateCallback(ctx, await completeLogin(url), transaction)
    }
    const key = createDPoP(ctx, await generateDPoPKeyPair())
    const other = createDPoP(ctx, await generateDPoPKeyPair())
    await expect(exchangeCode(ctx, await push(key), { DPoP: other })).rejects.toMatchObject({
      code: 'AUTH_TOKEN_REQUEST_FAILED',
      error: 'invalid_grant',
    })
    await expect(exchangeCode(ctx, await push(key), { DPoP: key })).resolves.toMatchObject({
      token_type: 'dpop',
    })
  })

  it('asks for an RFC 8707 resource at login and on refresh', async () => {
    const resource = 'https://api.example/'
    const { url, transaction } = await createAuthorizationRequest(ctx, {
      redirectUri: `${APP}/cb`,
      scope: 'offline_access',
      resource,
      params: { prompt: 'consent' },
    })
    const tokens = await exchangeCode(ctx, validateCallback(ctx, await completeLogin(url), transaction))
    expect(await apiMe(tokens.access_token)).toMatchObject({ status: 200, body: { aud: resource } })
    const refreshed = await refreshTokens(ctx, tokens, { resource }) // (token-source names it)
    expect(await apiMe(refreshed.access_token)).toMatchObject({ status: 200, body: { aud: resource } })
  })

  it('sends state on RP-initiated logout and gets it back', async () => {
    const { tokens, jar } = await signedIn('carol')
    const logoutUrl = buildLogoutUrl(ctx, {
      idTokenHint: tokens.id_token!,
      postLogoutRedirectUri: `${APP}/`,
      state: 'logout-state-1',
    })
    expect(await completeLogout(logoutUrl!, { jar })).toBe(`${APP}/?state=logout-state-1`)
  })

  it('an organization the ID token does not name → AUTH_INVALID_RESPONSE', async () => {
    const { url, transaction } = await createAuthorizationRequest(ctx, {
      redirectUri: `${APP}/cb`,
      params: { organization: 'org_123' },
    })
    const callbackUrl = await completeLogin(url)
    await expect(exchangeCode(ctx, validateCallback(ctx, callbackUrl, transaction))).rejects.toMatchObject({
      code: 'AUTH_INVALID_RESPONSE',
      message: expect.stringContaining('org_id'),
    })
  })

  it('a wrong issuer path is AUTH_DISCOVERY_FAILED saying HTTP 404, not a network error', async () => {
    await expect(discover(`${provider.issuer}/nope`)).rejects.toMatchObject({
      code: 'AUTH_DISCOVERY_FAILED',
      message: expect.stringMatching(/nope\/.well-known\/openid-configuration answered HTTP 404/),
    })
  })
})
