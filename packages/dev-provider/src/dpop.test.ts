import * as oauth from 'oauth4webapi'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { completeLogin } from './login.ts'
import { startDevProvider } from './start.ts'
import {
  APP_ORIGIN,
  apiMe,
  apiMeDpop,
  ath,
  authorizationUrl,
  discover,
  dpopKey,
  dpopProof,
  pkce,
  REDIRECT_URI,
  tokenRequest,
  type Discovery,
} from './test-helpers.ts'
import type { DevProvider, DevProviderOptions } from './types.ts'
import type { webcrypto } from 'node:crypto'

type CryptoKeyPair = webcrypto.CryptoKeyPair

const insecure = { [oauth.allowInsecureRequests]: true } as const
const client: oauth.Client = { client_id: 'lanyard-dev', token_endpoint_auth_method: 'none' }

interface Session {
  provider: DevProvider
  discovery: Discovery
  as: oauth.AuthorizationServer
}

async function session(provider: DevProvider): Promise<Session> {
  const issuer = new URL(provider.issuer)
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure))
  return { provider, discovery: await discover(provider), as }
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

/** Log in with `dpop_jkt`, then exchange the code with a DPoP proof (oauth4webapi, nonce retry included). */
async function dpopLogin(s: Session, DPoP: oauth.DPoPHandle): Promise<oauth.TokenEndpointResponse> {
  const { verifier, challenge } = await pkce()
  const url = authorizationUrl(s.discovery, challenge, { dpop_jkt: await DPoP.calculateThumbprint() })
  const params = oauth.validateAuthResponse(s.as, client, new URL(await completeLogin(url)), 'state-1')
  return withNonceRetry(async () => {
    const response = await oauth.authorizationCodeGrantRequest(
      s.as,
      client,
      oauth.None(),
      params,
      REDIRECT_URI,
      verifier,
      { DPoP, ...insecure },
    )
    return oauth.processAuthorizationCodeResponse(s.as, client, response)
  })
}

function meUrl(s: Session): string {
  return `${s.provider.issuer}/api/me`
}

/** A proof for GET /api/me with this token's ath. */
function meProof(
  s: Session,
  key: CryptoKeyPair,
  token: string,
  claims: Record<string, unknown> = {},
): Promise<string> {
  return dpopProof(key, 'GET', meUrl(s), { claims: { ath: ath(token), ...claims } })
}

async function expectRefused(response: Response, challenge: RegExp, error: string): Promise<void> {
  expect(response.status).toBe(401)
  expect(response.headers.get('www-authenticate')).toMatch(challenge)
  expect(await response.json()).toMatchObject({ error })
}

describe('/api/me with DPoP-bound access tokens', () => {
  let s: Session
  let key: CryptoKeyPair
  let DPoP: oauth.DPoPHandle
  let tokens: oauth.TokenEndpointResponse
  let jkt: string

  beforeAll(async () => {
    s = await session(await startDevProvider({ port: 0, quiet: true }))
    key = await oauth.generateKeyPair('ES256')
    DPoP = oauth.DPoP(client, key)
    jkt = await DPoP.calculateThumbprint()
    tokens = await dpopLogin(s, DPoP)
  })
  afterAll(() => s.provider.close())

  it('issues DPoP tokens after a dpop_jkt login and a DPoP code exchange', () => {
    expect(tokens.token_type).toBe('dpop')
    expect(tokens.refresh_token).toEqual(expect.any(String))
  })

  it('accepts a proper proof and echoes the caller with cnf.jkt (oauth4webapi)', async () => {
    const response = await oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      new URL(meUrl(s)),
      undefined,
      null,
      { DPoP, ...insecure },
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      sub: 'alice',
      scope: 'openid profile email',
      aud: null,
      client_id: 'lanyard-dev',
      cnf: { jkt },
    })
  })

  it('accepts a hand-made proof; htu is compared without query and fragment', async () => {
    const proof = await dpopProof(key, 'GET', `${meUrl(s)}?x=1#y`, {
      claims: { ath: ath(tokens.access_token) },
    })
    expect((await apiMeDpop(s.provider, tokens.access_token, proof)).status).toBe(200)
  })

  it('refuses the same token as Bearer, with a DPoP challenge', async () => {
    const response = await apiMe(s.provider, tokens.access_token)
    await expectRefused(
      response,
      /^DPoP error="invalid_token", error_description="[^"]+", algs="ES256 /,
      'invalid_token',
    )
  })

  it('refuses a proof signed by another key', async () => {
    const proof = await meProof(s, await dpopKey(), tokens.access_token)
    await expectRefused(
      await apiMeDpop(s.provider, tokens.access_token, proof),
      /^DPoP error="invalid_token"/,
      'invalid_token',
    )
  })

  it('refuses a replayed proof', async () => {
    const proof = await meProof(s, key, tokens.access_token)
    expect((await apiMeDpop(s.provider, tokens.access_token, proof)).status).toBe(200)
    const replay = await apiMeDpop(s.provider, tokens.access_token, proof)
    await expectRefused(
      replay,
      /^DPoP error="invalid_dpop_proof", error_description="[^"]*replay/,
      'invalid_dpop_proof',
    )
  })

  it('refuses a DPoP scheme request without a proof, or with two', async () => {
    const invalidProof = /^DPoP error="invalid_dpop_proof"/
    await expectRefused(await apiMeDpop(s.provider, tokens.access_token), invalidProof, 'invalid_dpop_proof')
    const two = [await meProof(s, key, tokens.access_token), await meProof(s, key, tokens.access_token)]
    await expectRefused(
      await apiMeDpop(s.provider, tokens.access_token, two),
      invalidProof,
      'invalid_dpop_proof',
    )
  })

  const now = (): number => Math.floor(Date.now() / 1000)
  const badProofs: [string, (token: string) => Promise<string>][] = [
    ['htm', (t) => dpopProof(key, 'POST', meUrl(s), { claims: { ath: ath(t) } })],
    ['htu path', (t) => dpopProof(key, 'GET', `${s.provider.issuer}/api/you`, { claims: { ath: ath(t) } })],
    ['htu origin', (t) => dpopProof(key, 'GET', 'http://localhost:1/api/me', { claims: { ath: ath(t) } })],
    ['ath of another token', (t) => meProof(s, key, t, { ath: ath(`${t}x`) })],
    ['no ath', (t) => meProof(s, key, t, { ath: undefined })],
    ['stale iat', (t) => meProof(s, key, t, { iat: now() - 120 })],
    ['future iat', (t) => meProof(s, key, t, { iat: now() + 120 })],
    ['no jti', (t) => meProof(s, key, t, { jti: undefined })],
    ['typ jwt', (t) => dpopProof(key, 'GET', meUrl(s), { claims: { ath: ath(t) }, header: { typ: 'JWT' } })],
    [
      'a bad signature',
      async (t) => {
        const [header, , signature] = (await meProof(s, key, t)).split('.')
        const payload = Buffer.from(
          JSON.stringify({ htm: 'GET', htu: meUrl(s), iat: now(), jti: 'x', ath: ath(t) }),
        )
        return `${header}.${payload.toString('base64url')}.${signature}`
      },
    ],
    [
      'a private key in the jwk header',
      async (t) => {
        const extractable = await dpopKey()
        const { kty, crv, x, y, d } = await crypto.subtle.exportKey('jwk', extractable.privateKey)
        return dpopProof(extractable, 'GET', meUrl(s), {
          claims: { ath: ath(t) },
          header: { jwk: { kty, crv, x, y, d } },
        })
      },
    ],
    [
      'an RS256 key (not in algs)',
      async (t) => {
        const rsa = await crypto.subtle.generateKey(
          {
            name: 'RSASSA-PKCS1-v1_5',
            modulusLength: 2048,
            publicExponent: new Uint8Array([1, 0, 1]),
            hash: 'SHA-256',
          },
          true,
          ['sign', 'verify'],
        )
        return dpopProof(rsa, 'GET', meUrl(s), { claims: { ath: ath(t) }, header: { alg: 'RS256' } })
      },
    ],
  ]
  it.each(badProofs)('refuses a proof with %s', async (_name, make) => {
    const response = await apiMeDpop(s.provider, tokens.access_token, await make(tokens.access_token))
    await expectRefused(response, /^DPoP error="invalid_dpop_proof"/, 'invalid_dpop_proof')
  })

  it('refuses a Bearer token presented with the DPoP scheme, with a Bearer challenge', async () => {
    const { verifier, challenge } = await pkce()
    const callback = new URL(await completeLogin(authorizationUrl(s.discovery, challenge)))
    const response = await tokenRequest(s.discovery, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    })
    const bearer = (await response.json()) as { access_token: string; token_type: string }
    expect(bearer.token_type).toBe('Bearer')
    const proof = await meProof(s, key, bearer.access_token)
    await expectRefused(
      await apiMeDpop(s.provider, bearer.access_token, proof),
      /^Bearer error="invalid_token"$/,
      'invalid_token',
    )
    expect((await apiMe(s.provider, bearer.access_token)).status).toBe(200)
  })

  it('refuses an unknown token with the DPoP scheme, and challenges both schemes without credentials', async () => {
    const unknown = await apiMeDpop(s.provider, 'not-a-token', await meProof(s, key, 'not-a-token'))
    await expectRefused(unknown, /^DPoP error="invalid_token"/, 'invalid_token')
    const none = await fetch(meUrl(s))
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer, DPoP algs="ES256 Ed25519 EdDSA"')
    expect(none.headers.get('dpop-nonce')).toBeNull() // nonces are off here
  })

  it('refreshes a DPoP-bound refresh token with a proof of the same key only', async () => {
    const refresh = async (handle?: oauth.DPoPHandle): Promise<oauth.TokenEndpointResponse> => {
      const options = handle ? { DPoP: handle, ...insecure } : insecure
      const response = await oauth.refreshTokenGrantRequest(
        s.as,
        client,
        oauth.None(),
        tokens.refresh_token ?? '',
        options,
      )
      return oauth.processRefreshTokenResponse(s.as, client, response)
    }
    await expect(refresh()).rejects.toMatchObject({
      error: 'invalid_grant',
    })
    await expect(refresh(oauth.DPoP(client, await oauth.generateKeyPair('ES256')))).rejects.toMatchObject({
      error: 'invalid_grant',
    })

    const refreshed = await refresh(DPoP)
    expect(refreshed.token_type).toBe('dpop')
    const me = await oauth.protectedResourceRequest(
      refreshed.access_token,
      'GET',
      new URL(meUrl(s)),
      undefined,
      null,
      {
        DPoP,
        ...insecure,
      },
    )
    expect(await me.json()).toMatchObject({ sub: 'alice', cnf: { jkt } })
  })
})

describe('DPoP nonces', () => {
  let provider: DevProvider | undefined
  afterEach(async () => {
    await provider?.close()
    provider = undefined
  })
  async function start(options: DevProviderOptions): Promise<Session> {
    provider = await startDevProvider({ port: 0, quiet: true, ...options })
    return session(provider)
  }

  it('resourceNonce: /api/me answers use_dpop_nonce with a DPoP-Nonce, then accepts the nonce', async () => {
    const s = await start({ dpop: { resourceNonce: true } })
    const key = await oauth.generateKeyPair('ES256')
    const tokens = await dpopLogin(s, oauth.DPoP(client, key))
    expect(s.provider.requests.filter((r) => r.path === '/token')).toHaveLength(1) // no nonce at the token endpoint

    const first = await apiMeDpop(
      s.provider,
      tokens.access_token,
      await meProof(s, key, tokens.access_token),
      {
        origin: APP_ORIGIN,
      },
    )
    expect(first.status).toBe(401)
    expect(first.headers.get('www-authenticate')).toMatch(
      /^DPoP error="use_dpop_nonce", error_description="[^"]+"/,
    )
    expect(await first.json()).toMatchObject({ error: 'use_dpop_nonce' })
    expect(first.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate.*DPoP-Nonce/)
    const nonce = first.headers.get('dpop-nonce')
    expect(nonce).toEqual(expect.any(String))

    const wrong = await apiMeDpop(
      s.provider,
      tokens.access_token,
      await meProof(s, key, tokens.access_token, { nonce: 'nope' }),
    )
    await expectRefused(wrong, /^DPoP error="use_dpop_nonce"/, 'use_dpop_nonce')

    const retry = await apiMeDpop(
      s.provider,
      tokens.access_token,
      await meProof(s, key, tokens.access_token, { nonce }),
    )
    expect(retry.status).toBe(200)
    expect(retry.headers.get('dpop-nonce')).toEqual(expect.any(String)) // a fresh one on every answer
  })

  it('resourceNonce: the oauth4webapi retry pattern works at /api/me', async () => {
    const s = await start({ dpop: { resourceNonce: true } })
    const key = await oauth.generateKeyPair('ES256')
    const tokens = await dpopLogin(s, oauth.DPoP(client, key))
    // A fresh handle: the login's has cached the token endpoint's DPoP-Nonce, which /api/me accepts.
    const DPoP = oauth.DPoP(client, key)
    const call = (): Promise<Response> =>
      oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL(meUrl(s)), undefined, null, {
        DPoP,
        ...insecure,
      })
    await expect(call()).rejects.toSatisfy(oauth.isDPoPNonceError)
    expect((await call()).status).toBe(200)
  })

  it('requireNonce: the token endpoint answers use_dpop_nonce, the retry succeeds', async () => {
    const s = await start({ dpop: { requireNonce: true } })
    const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'))
    const tokens = await dpopLogin(s, DPoP)
    expect(tokens.token_type).toBe('dpop')
    expect(s.provider.requests.filter((r) => r.path === '/token').map((r) => r.status)).toEqual([400, 200])
  })

  it('one nonce serves the token endpoint and /api/me (clients keep one per origin)', async () => {
    const s = await start({ dpop: { requireNonce: true, resourceNonce: true } })
    const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'))
    const tokens = await dpopLogin(s, DPoP)
    const me = await oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      new URL(meUrl(s)),
      undefined,
      null,
      {
        DPoP,
        ...insecure,
      },
    )
    expect(me.status).toBe(200)
    // Only the token endpoint's first request was challenged.
    expect(s.provider.requests.map((r) => `${r.path} ${r.status}`)).toEqual(
      expect.arrayContaining(['/token 400', '/token 200', '/api/me 200']),
    )
    expect(s.provider.requests.filter((r) => r.path === '/api/me')).toHaveLength(1)
  })

  it('iatWindow widens or narrows the accepted iat', async () => {
    const s = await start({ dpop: { iatWindow: 300 } })
    const key = await oauth.generateKeyPair('ES256')
    const tokens = await dpopLogin(s, oauth.DPoP(client, key))
    const iat = Math.floor(Date.now() / 1000) - 200
    expect(
      (await apiMeDpop(s.provider, tokens.access_token, await meProof(s, key, tokens.access_token, { iat })))
        .status,
    ).toBe(200)
    await expect(startDevProvider({ port: 0, quiet: true, dpop: { iatWindow: -1 } })).rejects.toThrow(
      /iatWindow/,
    )
  })
})
