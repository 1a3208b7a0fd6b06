import { afterEach, describe, expect, it } from 'vitest'
import { CookieJar } from './cookie-jar.ts'
import { completeLogin, completeLogout } from './login.ts'
import { startDevProvider } from './start.ts'
import {
  APP_ORIGIN,
  apiMe,
  dpopKey,
  dpopProof,
  authorizationUrl,
  discover,
  loginForTokens,
  pkce,
  REDIRECT_URI,
  tokenRequest,
} from './test-helpers.ts'
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

describe('auth0Paths', () => {
  it("serves Auth0's endpoint paths, and a full login through them", async () => {
    const dp = await start({ auth0Paths: true })
    const discovery = await discover(dp)
    expect(discovery).toMatchObject({
      authorization_endpoint: `${dp.issuer}/authorize`,
      token_endpoint: `${dp.issuer}/oauth/token`,
      end_session_endpoint: `${dp.issuer}/v2/logout`,
      revocation_endpoint: `${dp.issuer}/oauth/revoke`,
      userinfo_endpoint: `${dp.issuer}/userinfo`,
    })
    const tokens = await loginForTokens(discovery, { audience: 'https://api.example.com' })
    expect((await apiMe(dp, tokens.access_token)).status).toBe(200)
    const revoked = await fetch(`${dp.issuer}/oauth/revoke`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: 'lanyard-dev', token: tokens.refresh_token }),
    })
    expect(revoked.status).toBe(200)
  })

  it('accepts returnTo at /v2/logout', async () => {
    const dp = await start({ auth0Paths: true })
    const jar = new CookieJar()
    await completeLogin(authorizationUrl(await discover(dp), (await pkce()).challenge), { jar })
    const logout = `${dp.issuer}/v2/logout?client_id=lanyard-dev&returnTo=${encodeURIComponent('http://localhost:4173/')}`
    expect(await completeLogout(logout, { jar })).toBe('http://localhost:4173/')
  })
})

describe('autoConsent: false', () => {
  it('shows the consent page, which completeLogin approves or cancels', async () => {
    const dp = await start({ autoConsent: false })
    const discovery = await discover(dp)
    const url = authorizationUrl(discovery, (await pkce()).challenge)

    const approved = new URL(await completeLogin(url))
    expect(approved.searchParams.get('code')).toEqual(expect.any(String))
    const consentPosts = dp.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/interaction/'))
    expect(consentPosts).toHaveLength(2) // login, then consent

    const cancelled = new URL(await completeLogin(url, { consent: false }))
    expect(cancelled.searchParams.get('error')).toBe('access_denied')
  })
})

describe('lifetimes and rotation', () => {
  it('accessTokenTtl: /api/me refuses an expired access token (no clock tolerance)', async () => {
    const dp = await start({ accessTokenTtl: 1 })
    const tokens = await loginForTokens(await discover(dp))
    expect(tokens.expires_in).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await apiMe(dp, tokens.access_token)).status).toBe(401)
  })

  it('rotateRefreshTokens: false keeps the refresh token', async () => {
    const dp = await start({ rotateRefreshTokens: false })
    const discovery = await discover(dp)
    const tokens = await loginForTokens(discovery)
    for (let i = 0; i < 2; i++) {
      const response = await tokenRequest(discovery, {
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      })
      expect(response.status).toBe(200)
      expect(((await response.json()) as { refresh_token: string }).refresh_token).toBe(tokens.refresh_token)
    }
  })

  it('dpopBoundAccessTokens: a code exchange without a DPoP proof is refused', async () => {
    const dp = await start({
      clients: [{ clientId: 'lanyard-dev', redirectUris: [REDIRECT_URI], dpopBoundAccessTokens: true }],
    })
    await expect(loginForTokens(await discover(dp))).rejects.toThrow(/400.*invalid_grant/)
  })
})

describe('dpop.requireNonce', () => {
  it('challenges a DPoP token request without a nonce, and exposes DPoP-Nonce to browsers', async () => {
    const dp = await start({ dpop: { requireNonce: true } })
    const discovery = await discover(dp)
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: {
        dpop: await dpopProof(await dpopKey(), 'POST', discovery.token_endpoint),
        origin: APP_ORIGIN,
      },
      body: new URLSearchParams({
        client_id: 'lanyard-dev',
        grant_type: 'refresh_token',
        refresh_token: 'x',
      }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'use_dpop_nonce' })
    expect(response.headers.get('dpop-nonce')).toEqual(expect.any(String))
    expect(response.headers.get('access-control-expose-headers')).toMatch(/DPoP-Nonce/i)
  })
})
