import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import * as oauth from 'oauth4webapi'
import { afterEach, describe, expect, it } from 'vitest'
import { completeLogin, denyLogin } from './login.ts'
import { DEV_PROVIDER_PROFILES, resolveProfile } from './profiles.ts'
import { startDevProvider } from './start.ts'
import { apiMe, authorizationUrl, discover, pkce, tokenRequest } from './test-helpers.ts'
import { client, discoverAs, oauthLogin, oauthRefresh } from './test-oauth-client.ts'
import type { DevProvider, DevProviderOptions } from './types.ts'

let provider: DevProvider | undefined

afterEach(async () => {
  await provider?.close()
  provider = undefined
})

async function start(options: DevProviderOptions): Promise<DevProvider> {
  provider = await startDevProvider({ port: 0, quiet: true, ...options })
  return provider
}

const RESOURCE = 'https://api.example.com/'

describe('profile presets', () => {
  it('an explicit option overrides the preset; an unknown profile or a bad issuerPath is a TypeError', () => {
    expect(resolveProfile({ profile: 'no-rotation' })).toMatchObject({ rotateRefreshTokens: false })
    expect(resolveProfile({ profile: 'no-rotation', rotateRefreshTokens: true }).rotateRefreshTokens).toBe(
      true,
    )
    expect(() => resolveProfile({ profile: 'nope' as never })).toThrow(TypeError)
    expect(() => resolveProfile({ issuerPath: '/oidc/' })).toThrow(/issuerPath/)
    expect(() => resolveProfile({ issuerPath: 'oidc' })).toThrow(/issuerPath/)
  })

  it('names seven profiles', () => {
    expect(Object.keys(DEV_PROVIDER_PROFILES).sort()).toEqual([
      'dpop-required',
      'no-refresh-tokens',
      'no-rotation',
      'par-required',
      'path-issuer',
      'resource-jwt',
      'trailing-slash-no-iss',
    ])
  })
})

describe('path-issuer', () => {
  it('is http://localhost:PORT/oidc: discovery, endpoints, /api/me and the log all live under the path', async () => {
    const dp = await start({ profile: 'path-issuer' })
    expect(dp.issuer).toBe(`${dp.origin}/oidc`)
    expect(dp.baseUrl).toBe(dp.issuer)
    const as = await discoverAs(dp)
    expect(as.issuer).toBe(dp.issuer)
    for (const endpoint of [
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'end_session_endpoint',
    ] as const)
      expect(as[endpoint]).toMatch(new RegExp(`^${dp.issuer}/`))
    expect((await fetch(`${dp.origin}/.well-known/openid-configuration`)).status).toBe(404)

    const { callback, tokens } = await oauthLogin(dp)
    expect(callback.searchParams.get('iss')).toBe(dp.issuer)
    expect(oauth.getValidatedIdTokenClaims(tokens)?.iss).toBe(dp.issuer)
    expect(await (await apiMe(dp, tokens.access_token)).json()).toMatchObject({ sub: 'alice' })
    expect(dp.requests.some((r) => r.path === '/oidc/token' && r.method === 'POST')).toBe(true)
  })
})

describe('trailing-slash-no-iss', () => {
  it('has issuer http://localhost:PORT/ and no RFC 9207 iss: not advertised, not in any callback', async () => {
    const dp = await start({ profile: 'trailing-slash-no-iss' })
    expect(dp.issuer).toBe(`${dp.origin}/`)
    const as = await discoverAs(dp)
    expect(as.issuer).toBe(`${dp.origin}/`)
    expect(as.authorization_response_iss_parameter_supported).toBeUndefined()

    const { callback, tokens } = await oauthLogin(dp)
    expect(callback.searchParams.has('iss')).toBe(false)
    expect(callback.searchParams.get('code')).toBeTruthy()
    expect(oauth.getValidatedIdTokenClaims(tokens)?.iss).toBe(`${dp.origin}/`)
    const denied = new URL(await denyLogin(authorizationUrl(await discover(dp), (await pkce()).challenge)))
    expect(denied.searchParams.get('error')).toBe('access_denied')
    expect(denied.searchParams.has('iss')).toBe(false)
  })

  it('keeps iss by default (the control)', async () => {
    const dp = await start({})
    expect((await discoverAs(dp)).authorization_response_iss_parameter_supported).toBe(true)
    expect((await oauthLogin(dp)).callback.searchParams.get('iss')).toBe(dp.issuer)
  })
})

describe('resource-jwt', () => {
  it('issues a JWT access token (RFC 9068) whose aud is the requested resource, on exchange and refresh', async () => {
    const dp = await start({ profile: 'resource-jwt' })
    const as = await discoverAs(dp)
    const { tokens } = await oauthLogin(dp, { extra: { resource: RESOURCE } })
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt')
    const jwks = createRemoteJWKSet(new URL(as.jwks_uri ?? ''))
    const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: dp.issuer, audience: RESOURCE })
    expect(payload).toMatchObject({ sub: 'alice', client_id: client.client_id })

    const me = await apiMe(dp, tokens.access_token)
    expect(await me.json()).toMatchObject({ sub: 'alice', aud: RESOURCE, client_id: client.client_id })

    const refreshed = await oauthRefresh(dp, tokens.refresh_token ?? '', { resource: RESOURCE })
    const again = await jwtVerify(refreshed.access_token, jwks, { issuer: dp.issuer, audience: RESOURCE })
    expect(again.payload.jti).not.toBe(payload.jti)
  })

  it('is strict as stock oidc-provider: a code exchange that does not name the resource gets no token for it', async () => {
    const dp = await start({ profile: 'resource-jwt' })
    const { tokens } = await oauthLogin(dp, { extra: { resource: RESOURCE }, extraAtAuthorizationOnly: true })
    expect(tokens.access_token).not.toMatch(/^eyJ/)
    expect(await (await apiMe(dp, tokens.access_token)).json()).toMatchObject({ aud: null })
    // The default profile carries the granted resource over (as Auth0 does with `audience`).
    const lenientDp = await start({})
    const lenient = await oauthLogin(lenientDp, {
      extra: { resource: RESOURCE },
      extraAtAuthorizationOnly: true,
    })
    expect(await (await apiMe(lenientDp, lenient.tokens.access_token)).json()).toMatchObject({
      aud: RESOURCE,
    })
  })

  it('refuses a JWT access token with a forged signature at /api/me; without a resource the token is opaque', async () => {
    const dp = await start({ profile: 'resource-jwt' })
    const { tokens } = await oauthLogin(dp, { extra: { resource: RESOURCE } })
    const [header, payload] = tokens.access_token.split('.')
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`
    expect((await apiMe(dp, forged)).status).toBe(401)

    const plain = await oauthLogin(dp)
    expect(plain.tokens.access_token).not.toMatch(/^eyJ/)
    expect(await (await apiMe(dp, plain.tokens.access_token)).json()).toMatchObject({ aud: null })
  })
})

describe('dpop-required', () => {
  it('refuses a Bearer code exchange and issues DPoP-bound tokens to a DPoP client', async () => {
    const dp = await start({ profile: 'dpop-required' })
    expect(dp.clients.every((c) => c.dpopBoundAccessTokens)).toBe(true)
    await expect(oauthLogin(dp)).rejects.toThrow()
    const tokenPosts = dp.requests.filter((r) => r.path === '/token' && r.method === 'POST')
    expect(tokenPosts.map((r) => r.status)).toEqual([400])

    const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'))
    const { tokens } = await oauthLogin(dp, { DPoP })
    expect(tokens.token_type).toBe('dpop')
  })
})

describe('no-refresh-tokens', () => {
  it('answers the code exchange without a refresh token (offline_access asked for or not)', async () => {
    const dp = await start({ profile: 'no-refresh-tokens' })
    expect((await oauthLogin(dp)).tokens.refresh_token).toBeUndefined()
    const offline = await oauthLogin(dp, { extra: { scope: 'openid offline_access', prompt: 'consent' } })
    expect(offline.tokens.refresh_token).toBeUndefined()
    expect(offline.tokens.access_token).toEqual(expect.any(String))
  })
})

describe('par-required', () => {
  it('advertises require_pushed_authorization_requests, refuses a plain request and completes a pushed one', async () => {
    const dp = await start({ profile: 'par-required' })
    const as = await discoverAs(dp)
    expect(as.require_pushed_authorization_requests).toBe(true)
    expect(as.pushed_authorization_request_endpoint).toBe(`${dp.issuer}/request`)

    const plain = new URL(await completeLogin(authorizationUrl(await discover(dp), (await pkce()).challenge)))
    expect(plain.searchParams.get('error')).toBe('invalid_request')
    expect(plain.searchParams.get('error_description')).toMatch(/pushed authorization request/i)

    const { callback, tokens } = await oauthLogin(dp, { par: true })
    expect(callback.searchParams.get('code')).toBeTruthy()
    expect(tokens.access_token).toEqual(expect.any(String))
  })

  it('does not require PAR by default (the control)', async () => {
    const dp = await start({})
    expect((await discoverAs(dp)).require_pushed_authorization_requests).not.toBe(true)
  })
})

describe('no-rotation', () => {
  it('keeps the refresh token: the same one refreshes twice and is returned unchanged', async () => {
    const dp = await start({ profile: 'no-rotation' })
    const { tokens } = await oauthLogin(dp)
    const first = await oauthRefresh(dp, tokens.refresh_token ?? '')
    const second = await oauthRefresh(dp, tokens.refresh_token ?? '')
    expect(first.refresh_token ?? tokens.refresh_token).toBe(tokens.refresh_token)
    expect(second.access_token).not.toBe(first.access_token)
  })

  it('rotates by default (the control): replaying the first refresh token is invalid_grant', async () => {
    const dp = await start({})
    const { tokens } = await oauthLogin(dp)
    const first = await oauthRefresh(dp, tokens.refresh_token ?? '')
    expect(first.refresh_token).not.toBe(tokens.refresh_token)
    const replay = await tokenRequest(await discover(dp), {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
    })
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' })
  })
})
