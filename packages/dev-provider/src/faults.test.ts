// The ID token and mix-up fault switches over real HTTP, checked by oauth4webapi as an RP would.
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose'
import * as oauth from 'oauth4webapi'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FOREIGN_ISSUER, parseFaults } from './faults.ts'
import { completeLogin, denyLogin } from './login.ts'
import { startDevProvider } from './start.ts'
import { CLIENT_ID, REDIRECT_URI, decodeJwt, tokenRequest, type Discovery } from './test-helpers.ts'
import type { DevProvider, Faults } from './types.ts'

let provider: DevProvider
let as: oauth.AuthorizationServer
const client: oauth.Client = { client_id: CLIENT_ID }
const clientAuth = oauth.None()
const http = { [oauth.allowInsecureRequests]: true }

beforeAll(async () => {
  provider = await startDevProvider({ port: 0, quiet: true })
  const issuer = new URL(provider.issuer)
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, http))
})
afterAll(() => provider.close())
beforeEach(() => provider.setFaults({}))

interface Login {
  callback: string
  state: string
  nonce: string
  verifier: string
}

/** An authorization request with PKCE, state and nonce, driven through the login page. */
async function authorize(deny = false): Promise<Login> {
  const verifier = oauth.generateRandomCodeVerifier()
  const state = oauth.generateRandomState()
  const nonce = oauth.generateRandomNonce()
  const url = new URL(as.authorization_endpoint!)
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile',
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString()
  const callback = deny ? await denyLogin(url) : await completeLogin(url)
  return { callback, state, nonce, verifier }
}

/** The code exchange as an RP does it: callback checks, then the token response and ID token checks. */
async function exchange(login: Login): Promise<oauth.TokenEndpointResponse> {
  const params = oauth.validateAuthResponse(as, client, new URL(login.callback), login.state)
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    clientAuth,
    params,
    REDIRECT_URI,
    login.verifier,
    http,
  )
  return oauth.processAuthorizationCodeResponse(as, client, response, {
    expectedNonce: login.nonce,
    requireIdToken: true,
  })
}

async function refresh(refreshToken: string): Promise<oauth.TokenEndpointResponse> {
  const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, http)
  return oauth.processRefreshTokenResponse(as, client, response)
}

/** Captures the raw token response body (before oauth4webapi rejects it). */
async function rawExchange(login: Login): Promise<{ id_token: string; access_token: string }> {
  const code = new URL(login.callback).searchParams.get('code') ?? ''
  const discovery = { token_endpoint: as.token_endpoint } as Discovery
  const response = await tokenRequest(discovery, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: login.verifier,
  })
  expect(response.status).toBe(200)
  return (await response.json()) as { id_token: string; access_token: string }
}

/** Verifies the signature against the provider's published JWKS; resolves to the claims. */
async function verifiedClaims(idToken: string): Promise<Record<string, unknown>> {
  const jwks = (await (await fetch(as.jwks_uri!)).json()) as JSONWebKeySet
  const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks))
  return payload
}

const claimError = (claim: string, code: string = oauth.JWT_CLAIM_COMPARISON) =>
  expect.objectContaining({
    name: 'OperationProcessingError',
    code,
    cause: expect.objectContaining({ claim }),
  })

describe('idToken faults on the code exchange', () => {
  it.each([
    ['wrong-nonce', 'nonce', oauth.JWT_CLAIM_COMPARISON],
    ['wrong-aud', 'aud', oauth.JWT_CLAIM_COMPARISON],
    ['wrong-iss', 'iss', oauth.JWT_CLAIM_COMPARISON],
    ['expired', 'exp', oauth.JWT_TIMESTAMP_CHECK],
  ] as const)('%s: oauth4webapi rejects the %s claim', async (fault, claim, code) => {
    provider.setFaults({ idToken: fault })
    await expect(exchange(await authorize())).rejects.toEqual(claimError(claim, code))
  })

  it.each([
    ['wrong-nonce', (c: Record<string, unknown>, l: Login) => c['nonce'] !== l.nonce && c['nonce']],
    ['wrong-aud', (c: Record<string, unknown>) => c['aud'] === 'another-client'],
    ['wrong-iss', (c: Record<string, unknown>) => c['iss'] === FOREIGN_ISSUER],
    ['expired', (c: Record<string, unknown>) => (c['exp'] as number) < Date.now() / 1000 - 3000],
    ['wrong-sub', (c: Record<string, unknown>) => c['sub'] === 'impostor-of-alice'],
  ] as const)(
    '%s: the ID token is signed by the provider key with only that claim altered',
    async (fault, altered) => {
      provider.setFaults({ idToken: fault })
      const login = await authorize()
      const { id_token } = await rawExchange(login)
      const header = JSON.parse(Buffer.from(id_token.split('.')[0]!, 'base64url').toString()) as {
        alg: string
        kid: string
      }
      const jwks = (await (await fetch(as.jwks_uri!)).json()) as { keys: { kid: string }[] }
      expect(header).toMatchObject({ alg: 'RS256', kid: jwks.keys[0]!.kid })
      const claims =
        fault === 'expired'
          ? decodeJwt(id_token) // jwtVerify refuses an expired token; the signature is checked below
          : await verifiedClaims(id_token)
      if (fault === 'expired') {
        const jwksSet = createLocalJWKSet(jwks as JSONWebKeySet)
        await expect(jwtVerify(id_token, jwksSet)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' })
        // With the clock turned back, the signature checks out.
        await expect(jwtVerify(id_token, jwksSet, { clockTolerance: 10_000 })).resolves.toBeTruthy()
      }
      expect(altered(claims, login)).toBeTruthy()
      const untouched = { iss: provider.issuer, aud: CLIENT_ID, sub: 'alice', nonce: login.nonce }
      for (const [name, value] of Object.entries(untouched))
        if (!fault.endsWith(name)) expect(claims[name]).toBe(value)
    },
  )

  it('wrong-sub passes the exchange (an RP cannot know the sub yet) and shows up as another user', async () => {
    provider.setFaults({ idToken: 'wrong-sub' })
    const result = await exchange(await authorize())
    expect(oauth.getValidatedIdTokenClaims(result)?.sub).toBe('impostor-of-alice')
  })
})

describe('idToken faults on refresh', () => {
  it.each([
    ['wrong-aud', 'aud', oauth.JWT_CLAIM_COMPARISON],
    ['wrong-iss', 'iss', oauth.JWT_CLAIM_COMPARISON],
    ['expired', 'exp', oauth.JWT_TIMESTAMP_CHECK],
  ] as const)('%s: oauth4webapi rejects the refreshed ID token (%s)', async (fault, claim, code) => {
    const tokens = await exchange(await authorize())
    provider.setFaults({ idToken: fault })
    await expect(refresh(tokens.refresh_token!)).rejects.toEqual(claimError(claim, code))
  })

  // OIDC Core 12.2: a refreshed ID token's nonce, if any, must equal the original's. oauth4webapi
  // does not check nonce on refresh (nor sub): the RP has to.
  it('wrong-nonce: the refreshed ID token carries a nonce the RP never sent (oauth4webapi accepts it)', async () => {
    const tokens = await exchange(await authorize())
    provider.setFaults({ idToken: 'wrong-nonce' })
    const refreshed = await refresh(tokens.refresh_token!)
    const nonce = oauth.getValidatedIdTokenClaims(refreshed)?.nonce
    expect(nonce).toMatch(/^tampered-/)
    expect(nonce).not.toBe(oauth.getValidatedIdTokenClaims(tokens)?.nonce)
  })

  it('wrong-sub: a refresh answers for another user (the RP must compare sub itself)', async () => {
    const tokens = await exchange(await authorize())
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe('alice')
    provider.setFaults({ idToken: 'wrong-sub' })
    const refreshed = await refresh(tokens.refresh_token!)
    expect(oauth.getValidatedIdTokenClaims(refreshed)?.sub).toBe('impostor-of-alice')
  })
})

describe('callbackIss: foreign (mix-up)', () => {
  it('puts a foreign iss in the authorization response; validateAuthResponse rejects it', async () => {
    provider.setFaults({ callbackIss: 'foreign' })
    const login = await authorize()
    const url = new URL(login.callback)
    expect(url.origin + url.pathname).toBe(REDIRECT_URI)
    expect(url.searchParams.get('iss')).toBe(FOREIGN_ISSUER)
    expect(url.searchParams.get('code')).toBeTruthy()
    expect(url.searchParams.get('state')).toBe(login.state)
    expect(() => oauth.validateAuthResponse(as, client, url, login.state)).toThrow(
      expect.objectContaining({ code: oauth.INVALID_RESPONSE, message: expect.stringMatching(/"iss"/) }),
    )
  })

  it('also rewrites an error response', async () => {
    provider.setFaults({ callbackIss: 'foreign' })
    const login = await authorize(true)
    const url = new URL(login.callback)
    expect(url.searchParams.get('error')).toBe('access_denied')
    expect(url.searchParams.get('iss')).toBe(FOREIGN_ISSUER)
    expect(() => oauth.validateAuthResponse(as, client, url, login.state)).toThrow(
      expect.objectContaining({ name: 'OperationProcessingError' }),
    )
  })

  it('leaves the ID token alone, and the real issuer back when switched off', async () => {
    provider.setFaults({ callbackIss: 'foreign' })
    provider.setFaults({})
    const login = await authorize()
    expect(new URL(login.callback).searchParams.get('iss')).toBe(provider.issuer)
    await expect(exchange(login)).resolves.toMatchObject({ token_type: 'bearer' })
  })
})

describe('times', () => {
  it('fires the next N matching requests, then turns itself off', async () => {
    provider.setFaults({ idToken: 'wrong-aud', times: 1 })
    expect(provider.faults).toEqual({ idToken: 'wrong-aud', remaining: { idToken: 1 } })
    await expect(exchange(await authorize())).rejects.toEqual(claimError('aud'))
    expect(provider.faults).toEqual({})
    await expect(exchange(await authorize())).resolves.toMatchObject({ token_type: 'bearer' })
  })

  it('counts each switch on its own requests', async () => {
    provider.setFaults({ token: 'http500', callbackIss: 'foreign', times: 2 })
    const bogus = () =>
      tokenRequest({ token_endpoint: as.token_endpoint } as Discovery, {
        grant_type: 'refresh_token',
        refresh_token: 'whatever',
      })
    expect((await bogus()).status).toBe(500)
    expect(provider.faults).toEqual({
      token: 'http500',
      callbackIss: 'foreign',
      remaining: { token: 1, callbackIss: 2 },
    })
    expect((await bogus()).status).toBe(500)
    expect((await bogus()).status).toBe(400)
    expect(new URL((await authorize()).callback).searchParams.get('iss')).toBe(FOREIGN_ISSUER)
    expect(new URL((await authorize()).callback).searchParams.get('iss')).toBe(FOREIGN_ISSUER)
    expect(new URL((await authorize()).callback).searchParams.get('iss')).toBe(provider.issuer)
    expect(provider.faults).toEqual({})
  })

  it('does not count token responses without an ID token, nor failed ones', async () => {
    provider.setFaults({ idToken: 'expired', times: 1 })
    const failed = await tokenRequest({ token_endpoint: as.token_endpoint } as Discovery, {
      grant_type: 'refresh_token',
      refresh_token: 'whatever',
    })
    expect(failed.status).toBe(400)
    expect(provider.faults).toEqual({ idToken: 'expired', remaining: { idToken: 1 } })
  })
})

describe('the switch API', () => {
  const faultsUrl = () => `${provider.issuer}/__lanyard/faults`
  const put = (body: unknown) => fetch(faultsUrl(), { method: 'PUT', body: JSON.stringify(body) })

  it('sets, reads and clears the new switches over HTTP', async () => {
    const set = await put({ idToken: 'expired', callbackIss: 'foreign', times: 3 })
    expect(set.status).toBe(200)
    const state = { idToken: 'expired', callbackIss: 'foreign', remaining: { idToken: 3, callbackIss: 3 } }
    expect(await set.json()).toEqual(state)
    expect(await (await fetch(faultsUrl())).json()).toEqual(state)
    expect((await fetch(faultsUrl(), { method: 'DELETE' })).status).toBe(204)
    expect(await (await fetch(faultsUrl())).json()).toEqual({})
  })

  it.each([
    [{ idToken: 'wrong-everything' }, /idToken fault must be one of wrong-nonce/],
    [{ callbackIss: 'same' }, /callbackIss fault must be one of foreign/],
    [{ token: 'http500', times: 0 }, /times must be a positive integer/],
    [{ token: 'http500', times: 1.5 }, /times must be a positive integer/],
    [{ times: 2 }, /times needs a fault switch/],
    [{ nonce: 'x' }, /unknown fault target: nonce/],
  ])('refuses %o with 400, leaving the switches as they were', async (body, message) => {
    provider.setFaults({ idToken: 'wrong-sub' })
    const response = await put(body)
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(message)
    expect(() => provider.setFaults(body as Faults)).toThrow(TypeError)
    expect(provider.faults).toEqual({ idToken: 'wrong-sub' })
  })

  it('accepts null as off', () => {
    expect(parseFaults({ token: null, idToken: null, callbackIss: null, times: null })).toEqual({
      token: null,
      idToken: null,
      callbackIss: null,
      times: null,
    })
  })
})

describe('with Auth0 paths', () => {
  it('alters the ID token at /oauth/token too', async () => {
    const auth0 = await startDevProvider({ port: 0, quiet: true, auth0Paths: true })
    try {
      const issuer = new URL(auth0.issuer)
      const saved = as
      as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, http))
      try {
        expect(as.token_endpoint).toBe(`${auth0.issuer}/oauth/token`)
        auth0.setFaults({ idToken: 'wrong-nonce' })
        await expect(exchange(await authorize())).rejects.toEqual(claimError('nonce'))
      } finally {
        as = saved
      }
    } finally {
      await auth0.close()
    }
  })
})
