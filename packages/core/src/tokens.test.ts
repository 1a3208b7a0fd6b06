import { ISSUER, createFakeProvider, json } from '@lanyard/test-utils'
import { describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { validateCallback } from './callback.ts'
import { context, type TestContext } from './test-utils/context.ts'
import { exchangeWithIdToken } from './test-utils/exchange.ts'
import { exchangeCode, refreshTokens, revokeToken, type TokenSet } from './tokens.ts'

const redirectUri = 'https://app.example/callback'
/** Signs the ID tokens of these tests (every fake provider shares its keys unless rotated). */
const op = createFakeProvider()
const goodClaims = op.goodClaims

type Answer = (test: { nonce: string }) => Response | Promise<Response>

async function setup(answer: Answer, params: Record<string, string> = {}) {
  const test: { nonce: string } = { nonce: '' }
  const { ctx, calls } = await context(() => answer(test))
  const { transaction } = await createAuthorizationRequest(ctx, { redirectUri, params })
  test.nonce = transaction.nonce
  const callback = validateCallback(
    ctx,
    `${redirectUri}?code=abc&state=${transaction.state}&iss=${ISSUER}`,
    transaction,
  )
  return { ctx, calls, callback, nonce: transaction.nonce, transaction }
}

const tokenResponse = async (claims: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  json({
    access_token: 'at',
    token_type: 'Bearer',
    expires_in: 60,
    refresh_token: 'rt',
    id_token: await op.idToken(claims),
    ...extra,
  })

describe('exchangeCode', () => {
  it('exchanges the code with the verifier and returns validated tokens', async () => {
    const s = await setup(({ nonce }) => tokenResponse(goodClaims(nonce)))
    const tokens = await exchangeCode(s.ctx, s.callback, { now: 1_000_000 })
    expect(tokens).toMatchObject({
      access_token: 'at',
      token_type: 'bearer',
      refresh_token: 'rt',
      expires_at: 1060,
    })
    expect(tokens.claims?.sub).toBe('alice')
    expect(s.calls).toHaveLength(1)
    const body = new URLSearchParams(s.calls[0]!.body)
    expect(Object.fromEntries(body)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'abc',
      client_id: 'spa',
      redirect_uri: redirectUri,
      code_verifier: s.transaction.codeVerifier,
    })
  })

  it.each([
    ['a wrong nonce', () => goodClaims('other')],
    ['no nonce', () => goodClaims()],
    ['a wrong audience', (n: string) => goodClaims(n, { aud: 'someone-else' })],
    ['a wrong issuer', (n: string) => goodClaims(n, { iss: 'https://evil.example' })],
    ['an expired token', (n: string) => goodClaims(n, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['several audiences without azp', (n: string) => goodClaims(n, { aud: ['spa', 'x'] })],
  ])('rejects an ID token with %s (AUTH_INVALID_RESPONSE)', async (_name, claims) => {
    const s = await setup(({ nonce }) => tokenResponse(claims(nonce)))
    await expect(exchangeCode(s.ctx, s.callback)).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  })

  it('rejects a response without an ID token', async () => {
    const s = await setup(() => json({ access_token: 'at', token_type: 'bearer' }))
    await expect(exchangeCode(s.ctx, s.callback)).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  })

  // OIDC Core 3.1.2.1 / 3.1.3.7: with max_age, auth_time is required and must be recent enough
  // (within the clock tolerance, 120 s by default).
  const now = () => Math.floor(Date.now() / 1000)
  it.each([
    ['no auth_time', undefined],
    ['an auth_time long past max_age', () => now() - 60 - 1000],
    ['an auth_time that is not a number', () => String(now())],
  ])('with max_age, rejects an ID token with %s (AUTH_INVALID_RESPONSE)', async (_name, authTime) => {
    const s = await setup(
      ({ nonce }) => tokenResponse(goodClaims(nonce, authTime ? { auth_time: authTime() } : {})),
      { max_age: '60' },
    )
    await expect(exchangeCode(s.ctx, s.callback)).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  })

  it.each([
    ['with max_age, a recent auth_time', { max_age: '60' }, () => now() - 30],
    ['with max_age, an auth_time late within the clock tolerance', { max_age: '60' }, () => now() - 60 - 60],
    ['without max_age, an old auth_time', {}, () => now() - 100_000],
  ])('accepts %s', async (_name, params, authTime) => {
    const s = await setup(({ nonce }) => tokenResponse(goodClaims(nonce, { auth_time: authTime() })), params)
    await expect(exchangeCode(s.ctx, s.callback)).resolves.toMatchObject({ access_token: 'at' })
  })

  it.each([
    [
      'an OAuth error',
      () => json({ error: 'invalid_grant', error_description: 'used' }, 400),
      { error: 'invalid_grant', status: 400 },
    ],
    ['a 500 without body', () => new Response('oops', { status: 500 }), { status: 500 }],
  ])('reports %s as AUTH_TOKEN_REQUEST_FAILED', async (_name, handler, fields) => {
    const s = await setup(handler)
    await expect(exchangeCode(s.ctx, s.callback)).rejects.toMatchObject({
      code: 'AUTH_TOKEN_REQUEST_FAILED',
      ...fields,
    })
  })

  it('reports malformed JSON as AUTH_INVALID_RESPONSE', async () => {
    const s = await setup(
      () => new Response('{not json', { headers: { 'content-type': 'application/json' } }),
    )
    await expect(exchangeCode(s.ctx, s.callback)).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  })

  it('reports an unreachable provider as AUTH_NETWORK_ERROR with the cause', async () => {
    const cause = new TypeError('Failed to fetch')
    const s = await setup(() => {
      throw cause
    })
    await expect(exchangeCode(s.ctx, s.callback)).rejects.toMatchObject({ code: 'AUTH_NETWORK_ERROR', cause })
  })

  it('refuses a callback that did not come from validateCallback', async () => {
    const s = await setup(() => json({}))
    await expect(exchangeCode(s.ctx, { ...s.callback })).rejects.toThrow(TypeError)
    await expect(exchangeCode(s.ctx, { ...s.callback })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
    })
    expect(s.calls).toHaveLength(0)
  })

  // Issues 11 (Low) and 12.5: RFC 6749 section 5.1, unknown members are ignored, never stored.
  it('keeps only the fields Lanyard uses, with the refresh token expiry when the provider sends it', async () => {
    const s = await setup(({ nonce }) =>
      tokenResponse(goodClaims(nonce), {
        scope: 'openid profile',
        refresh_expires_in: 1800,
        huge: 'x'.repeat(100_000),
        not_before_policy: 0,
      }),
    )
    const tokens = await exchangeCode(s.ctx, s.callback, { now: 1_000_000 })
    expect(Object.keys(tokens).sort()).toEqual(
      [
        'access_token',
        'claims',
        'expires_at',
        'id_token',
        'refresh_expires_at',
        'refresh_token',
        'scope',
        'token_type',
      ].sort(),
    )
    expect(tokens.refresh_expires_at).toBe(1000 + 1800)
    expect(JSON.stringify(tokens)).not.toContain('xxxx')
  })
})

describe('refreshTokens', () => {
  const previous: TokenSet = {
    access_token: 'old',
    token_type: 'bearer',
    refresh_token: 'rt1',
    id_token: 'idt-old',
    claims: { ...goodClaims(), sub: 'alice' } as TokenSet['claims'] & object,
  }

  it('uses the refresh token, takes the rotated one and keeps the old ID token when none comes back', async () => {
    const { ctx, calls } = await context(() =>
      json({ access_token: 'new', token_type: 'bearer', expires_in: 30, refresh_token: 'rt2' }),
    )
    const next = await refreshTokens(ctx, previous)
    expect(next).toMatchObject({
      access_token: 'new',
      refresh_token: 'rt2',
      id_token: 'idt-old',
      claims: { sub: 'alice' },
    })
    expect(new URLSearchParams(calls[0]!.body).get('refresh_token')).toBe('rt1')
  })

  it('keeps the refresh token when the provider does not rotate', async () => {
    const { ctx } = await context(() => json({ access_token: 'new', token_type: 'bearer' }))
    await expect(refreshTokens(ctx, previous)).resolves.toMatchObject({ refresh_token: 'rt1' })
  })

  it('requires a new ID token to keep the same sub', async () => {
    const { ctx } = await context(() => tokenResponse(goodClaims(undefined, { sub: 'mallory' })))
    await expect(refreshTokens(ctx, previous)).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  })

  it('turns invalid_grant into AUTH_LOGIN_REQUIRED', async () => {
    const { ctx } = await context(() => json({ error: 'invalid_grant' }, 400))
    await expect(refreshTokens(ctx, previous)).rejects.toMatchObject({
      code: 'AUTH_LOGIN_REQUIRED',
      error: 'invalid_grant',
    })
  })

  it('keeps transient failures distinct from a dead session', async () => {
    const { ctx } = await context(() => new Response('', { status: 503 }))
    await expect(refreshTokens(ctx, previous)).rejects.toMatchObject({
      code: 'AUTH_TOKEN_REQUEST_FAILED',
      status: 503,
    })
  })

  it('requires a refresh token', async () => {
    const { ctx, calls } = await context()
    await expect(refreshTokens(ctx, { access_token: 'a', token_type: 'bearer' })).rejects.toMatchObject({
      code: 'AUTH_LOGIN_REQUIRED',
    })
    expect(calls).toHaveLength(0)
  })

  // Issue 12.7: a token for another API from the same grant, by Auth0 audience or RFC 8707 resource.
  it('sends extra parameters and each RFC 8707 resource', async () => {
    const { ctx, calls } = await context(() => json({ access_token: 'new', token_type: 'bearer' }))
    await refreshTokens(ctx, previous, {
      params: { audience: 'https://api.example', scope: 'openid read' },
      resource: ['https://api.example/', 'https://b.example/'],
    })
    const body = new URLSearchParams(calls[0]!.body)
    expect(body.get('audience')).toBe('https://api.example')
    expect(body.get('scope')).toBe('openid read')
    expect(body.getAll('resource')).toEqual(['https://api.example/', 'https://b.example/'])
  })

  it('keeps the refresh token expiry of a refresh token that was not rotated', async () => {
    const { ctx } = await context(() => json({ access_token: 'new', token_type: 'bearer' }))
    const next = await refreshTokens(ctx, { ...previous, refresh_expires_at: 5000 })
    expect(next.refresh_expires_at).toBe(5000)
  })
})

describe('revokeToken', () => {
  it('posts the token with a hint', async () => {
    const { ctx, calls } = await context(() => new Response(null, { status: 200 }))
    await revokeToken(ctx, 'rt1')
    expect(calls[0]?.url).toBe(`${ISSUER}/revoke`)
    expect(Object.fromEntries(new URLSearchParams(calls[0]!.body))).toMatchObject({
      token: 'rt1',
      token_type_hint: 'refresh_token',
    })
  })

  it('does nothing without a revocation endpoint', async () => {
    const { revocation_endpoint: _, ...as } = op.metadata
    const { ctx, calls } = await context(undefined, as as unknown as TestContext['ctx']['as'])
    await revokeToken(ctx, 'rt1')
    expect(calls).toHaveLength(0)
  })
})

describe('keys WebCrypto cannot use', () => {
  // A malformed key under the signing kid, or a curve this browser lacks: the answer is bad (the
  // ID token is refused), not a fault to retry.
  it('an ID token whose JWKS key cannot be imported is AUTH_INVALID_RESPONSE, not AUTH_NETWORK_ERROR', async () => {
    const es = createFakeProvider({
      alg: 'ES256',
      metadata: { id_token_signing_alg_values_supported: ['ES256'] },
    })
    const broken = {
      keys: (await es.jwks()).keys.map((key) => (key.kty === 'EC' ? { ...key, x: 'AAAA' } : key)),
    }
    const jwksCache = { jwks: broken as never, uat: Math.floor(Date.now() / 1000) }
    const failure = await exchangeWithIdToken(es, es.goodClaims, { cachedJwks: false, jwksCache }).catch(
      (error: unknown) => error,
    )
    expect(failure).toMatchObject({
      code: 'AUTH_INVALID_RESPONSE',
      message: expect.stringMatching(/DataError|Error/),
    })
  })
})

describe('RFC 8707 resource at the token endpoint', () => {
  // Named again so that a provider issues the API's token (stock oidc-provider needs it); one at
  // most: oidc-provider refuses several ("only a single resource indicator value").
  it.each([
    [['https://api.example/'], ['https://api.example/']],
    [['https://a.example/', 'https://b.example/'], []],
    [undefined, []],
  ])('a login that asked for %j names %j in its code exchange', async (resource, sent) => {
    let nonce = ''
    const { ctx, calls } = await context(async () => tokenResponse(goodClaims(nonce)))
    const { transaction } = await createAuthorizationRequest(ctx, {
      redirectUri,
      ...(resource && { resource }),
    })
    nonce = transaction.nonce
    const callback = validateCallback(
      ctx,
      `${redirectUri}?code=c&state=${transaction.state}&iss=${ISSUER}`,
      transaction,
    )
    await exchangeCode(ctx, callback)
    expect(new URLSearchParams(calls.at(-1)!.body).getAll('resource')).toEqual(sent)
  })
})
