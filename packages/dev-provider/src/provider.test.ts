import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startDevProvider } from './start.ts'
import { completeLogin } from './login.ts'
import {
  APP_ORIGIN,
  apiMe,
  authorizationUrl,
  decodeJwt,
  discover,
  dpopKey,
  dpopProof,
  loginForTokens,
  pkce,
  REDIRECT_URI,
  tokenRequest,
  type Discovery,
  type TokenResponse,
} from './test-helpers.ts'
import type { DevProvider } from './types.ts'

let provider: DevProvider
let discovery: Discovery

beforeAll(async () => {
  provider = await startDevProvider({ port: 0, quiet: true })
  discovery = await discover(provider)
})
afterAll(() => provider.close())
beforeEach(() => {
  provider.setFaults({})
  provider.clearRequests()
})

describe('discovery', () => {
  it('describes a PKCE, iss, DPoP, revocation and logout capable provider', () => {
    expect(provider.issuer).toBe(`http://localhost:${provider.port}`)
    expect(discovery).toMatchObject({
      issuer: provider.issuer,
      authorization_endpoint: `${provider.issuer}/auth`,
      token_endpoint: `${provider.issuer}/token`,
      userinfo_endpoint: `${provider.issuer}/me`,
      revocation_endpoint: `${provider.issuer}/token/revocation`,
      end_session_endpoint: `${provider.issuer}/session/end`,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    })
    expect(discovery['dpop_signing_alg_values_supported']).toContain('ES256')
    expect(discovery['scopes_supported']).toEqual(expect.arrayContaining(['openid', 'profile', 'email']))
  })
})

describe('CORS on the token endpoint', () => {
  const invalidGrant = {
    grant_type: 'authorization_code',
    code: 'nope',
    redirect_uri: 'x',
    code_verifier: 'y'.repeat(43),
  }

  it('allows a client origin', async () => {
    const response = await tokenRequest(discovery, invalidGrant)
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
  })

  it('gives a foreign origin no CORS headers', async () => {
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { origin: 'http://localhost:6666' },
      body: new URLSearchParams({ client_id: 'lanyard-dev', ...invalidGrant }),
    })
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('login, tokens and /api/me', () => {
  it('logs in with any username and the access token works at /api/me and userinfo', async () => {
    const tokens = await loginForTokens(discovery, {}, { username: 'carol' })
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'openid profile email' })
    expect(tokens.refresh_token).toEqual(expect.any(String))
    expect(decodeJwt(tokens.id_token)).toMatchObject({
      iss: provider.issuer,
      aud: 'lanyard-dev',
      sub: 'carol',
      name: 'carol',
      email: 'carol@example.com',
    })

    const me = await apiMe(provider, tokens.access_token)
    expect(me.status).toBe(200)
    expect(await me.json()).toEqual({
      sub: 'carol',
      scope: 'openid profile email',
      aud: null,
      client_id: 'lanyard-dev',
    })

    const userinfo = await fetch(discovery.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    })
    expect(await userinfo.json()).toMatchObject({ sub: 'carol', preferred_username: 'carol' })
  })

  it('answers 401 with a Bearer challenge to a bad token, readable cross-origin', async () => {
    const response = await fetch(`${provider.issuer}/api/me`, {
      headers: { authorization: 'Bearer not-a-token', origin: APP_ORIGIN },
    })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
    expect(response.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate')
  })

  it('answers the /api/me preflight for Authorization and DPoP', async () => {
    const response = await fetch(`${provider.issuer}/api/me`, {
      method: 'OPTIONS',
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,dpop',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization.*DPoP/)
  })

  it('refuses a DPoP-bound access token presented as Bearer', async () => {
    const { verifier, challenge } = await pkce()
    const callback = new URL(await completeLogin(authorizationUrl(discovery, challenge)))
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { dpop: await dpopProof(await dpopKey(), 'POST', discovery.token_endpoint) },
      body: new URLSearchParams({
        client_id: 'lanyard-dev',
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      }),
    })
    const tokens = (await response.json()) as TokenResponse
    expect(tokens.token_type).toBe('DPoP')
    const me = await apiMe(provider, tokens.access_token)
    expect(me.status).toBe(401)
    expect(me.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_token"/)
  })

  it('rotates refresh tokens and revokes the grant when a rotated one is replayed', async () => {
    const tokens = await loginForTokens(discovery)
    const refresh = (token: string): Promise<Response> =>
      tokenRequest(discovery, { grant_type: 'refresh_token', refresh_token: token })

    const first = await refresh(tokens.refresh_token)
    expect(first.status).toBe(200)
    const rotated = (await first.json()) as { refresh_token: string; access_token: string }
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token)

    const replay = await refresh(tokens.refresh_token)
    expect(replay.status).toBe(400)
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' })
    // Reuse detection: the whole grant is gone, the newest tokens included.
    expect((await refresh(rotated.refresh_token)).status).toBe(400)
    expect((await apiMe(provider, rotated.access_token)).status).toBe(401)
  })

  it('revokes tokens at the revocation endpoint', async () => {
    const tokens = await loginForTokens(discovery)
    const response = await fetch(discovery.revocation_endpoint, {
      method: 'POST',
      body: new URLSearchParams({ client_id: 'lanyard-dev', token: tokens.access_token }),
    })
    expect(response.status).toBe(200)
    expect((await apiMe(provider, tokens.access_token)).status).toBe(401)
  })
})

describe('audience', () => {
  it('binds access tokens to the requested audience, through refreshes', async () => {
    const tokens = await loginForTokens(discovery, {
      audience: 'https://api.example.com',
      scope: 'openid profile read:messages',
      organization: 'org_123',
      connection: 'Username-Password-Authentication',
    })
    expect(tokens.scope).toBe('openid profile read:messages')
    expect(await (await apiMe(provider, tokens.access_token)).json()).toMatchObject({
      aud: 'https://api.example.com',
      scope: 'openid profile read:messages',
    })

    const refreshed = await tokenRequest(discovery, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    })
    const { access_token } = (await refreshed.json()) as { access_token: string }
    expect(await (await apiMe(provider, access_token)).json()).toMatchObject({
      aud: 'https://api.example.com',
    })
  })

  it('ignores an audience that is not a URI', async () => {
    const tokens = await loginForTokens(discovery, { audience: 'my-api' })
    expect(await (await apiMe(provider, tokens.access_token)).json()).toMatchObject({ aud: null })
  })
})

describe('request log', () => {
  it('records method, path, status, time, duration and origin', async () => {
    const before = Date.now()
    await fetch(`${provider.issuer}/api/me?x=1`, { headers: { origin: APP_ORIGIN } })
    await fetch(`${provider.issuer}/jwks`)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(provider.requests).toEqual([
      {
        method: 'GET',
        path: '/api/me',
        status: 401,
        time: expect.any(Number),
        duration: expect.any(Number),
        origin: APP_ORIGIN,
      },
      {
        method: 'GET',
        path: '/jwks',
        status: 200,
        time: expect.any(Number),
        duration: expect.any(Number),
        origin: null,
      },
    ])
    expect(provider.requests[0]?.time).toBeGreaterThanOrEqual(before)
  })

  it('is readable and clearable over HTTP, without logging itself', async () => {
    await fetch(`${provider.issuer}/jwks`)
    const listed = (await (await fetch(`${provider.issuer}/__lanyard/requests`)).json()) as { path: string }[]
    expect(listed.map((entry) => entry.path)).toEqual(['/jwks'])
    expect((await fetch(`${provider.issuer}/__lanyard/requests`, { method: 'DELETE' })).status).toBe(204)
    expect(provider.requests).toEqual([])
  })
})

describe('fault switches', () => {
  const exchange = (): Promise<Response> =>
    tokenRequest(discovery, { grant_type: 'refresh_token', refresh_token: 'whatever' })

  it('makes the token endpoint answer 500, then recovers', async () => {
    provider.setFaults({ token: 'http500' })
    const failed = await exchange()
    expect(failed.status).toBe(500)
    expect(failed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
    provider.setFaults({ token: null })
    expect((await exchange()).status).toBe(400)
  })

  it('answers malformed JSON', async () => {
    provider.setFaults({ token: 'malformed-json' })
    const response = await exchange()
    expect(response.status).toBe(200)
    await expect(response.json()).rejects.toThrow()
  })

  it('hangs until the client gives up, and the log shows no response', async () => {
    provider.setFaults({ token: 'hang' })
    await expect(
      fetch(discovery.token_endpoint, { method: 'POST', body: 'x', signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(provider.requests).toMatchObject([{ method: 'POST', path: '/token', status: 0 }])
  })

  it('is switched over HTTP', async () => {
    const put = (body: string): Promise<Response> =>
      fetch(`${provider.issuer}/__lanyard/faults`, { method: 'PUT', body })
    expect((await put('{"token":"http500"}')).status).toBe(200)
    expect((await exchange()).status).toBe(500)
    expect((await put('{"token":"explode"}')).status).toBe(400)
    expect((await fetch(`${provider.issuer}/__lanyard/faults`, { method: 'DELETE' })).status).toBe(204)
    expect((await exchange()).status).toBe(400)
  })
})
