// ID token checks beyond oauth4webapi's claim validation (issue 12): signatures against the
// provider's JWKS with rotation (12.1), `iat` in the future (12.2), `azp` and OIDC Core 12.2 on
// refresh (12.3), Auth0 organizations (12.6).
import { ISSUER, createFakeProvider, json, type FakeProvider, type IdTokenOptions } from '@lanyard/test-utils'
import { describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { validateCallback } from './callback.ts'
import type { AuthorizationServer, JwksCache } from './context.ts'
import { context } from './test-utils/context.ts'
import { exchangeCode, refreshTokens, type TokenSet } from './tokens.ts'

const redirectUri = 'https://app.example/callback'
const now = () => Math.floor(Date.now() / 1000)

interface Login {
  claims?: Record<string, unknown>
  sign?: IdTokenOptions
  params?: Record<string, string>
  op?: FakeProvider
  metadata?: Record<string, unknown>
  jwksCache?: JwksCache | 'provider'
}

/** A login whose token response carries an ID token with `claims` (over good ones), signed as `sign` says. */
async function login({
  claims = {},
  sign = {},
  params = {},
  op = createFakeProvider(),
  metadata,
  jwksCache = 'provider',
}: Login) {
  let nonce = ''
  const handler = async (url: URL) =>
    url.pathname === '/token'
      ? json({
          access_token: 'at',
          token_type: 'Bearer',
          expires_in: 60,
          refresh_token: 'rt',
          id_token: await op.idToken(op.goodClaims(nonce, claims), sign),
        })
      : undefined
  const as = metadata && ({ ...op.metadata, ...metadata } as unknown as AuthorizationServer)
  const { ctx } = await context(handler, as, {
    op,
    cachedJwks: jwksCache === 'provider',
    ...(jwksCache !== 'provider' && { jwksCache }),
  })
  const { transaction } = await createAuthorizationRequest(ctx, { redirectUri, params })
  nonce = transaction.nonce
  const callback = validateCallback(
    ctx,
    `${redirectUri}?code=c&state=${transaction.state}&iss=${ISSUER}`,
    transaction,
  )
  return { ctx, op, exchange: () => exchangeCode(ctx, callback) }
}

const invalid = { code: 'AUTH_INVALID_RESPONSE' }

describe('ID token signature (12.1)', () => {
  it.each(['RS256', 'ES256'] as const)('accepts a valid %s signature', async (alg) => {
    const { exchange } = await login({ sign: { alg } })
    await expect(exchange()).resolves.toMatchObject({ claims: { sub: 'alice' } })
  })

  it.each(['RS256', 'ES256'] as const)(
    'refuses an invalid %s signature, and returns nothing',
    async (alg) => {
      const { exchange } = await login({ sign: { alg, badSignature: true } })
      await expect(exchange()).rejects.toMatchObject(invalid)
    },
  )

  it.each(['HS256', 'none'] as const)(
    'refuses %s even when the provider advertises it (a public client has no secret)',
    async (alg) => {
      const { exchange } = await login({
        sign: { alg },
        metadata: { id_token_signing_alg_values_supported: ['RS256', 'HS256', 'none'] },
      })
      await expect(exchange()).rejects.toMatchObject(invalid)
    },
  )

  it("fetches the JWKS from jwks_uri when none is cached, into the caller's cache object", async () => {
    const jwksCache: JwksCache = {}
    const { exchange, op } = await login({ jwksCache })
    await exchange()
    expect(op.calls).toEqual(['POST /token', 'GET /jwks'])
    expect(jwksCache).toMatchObject({ uat: expect.any(Number), jwks: await op.jwks() })
  })

  it('verifies against a cached JWKS without a request', async () => {
    const { exchange, op } = await login({})
    await exchange()
    expect(op.calls).toEqual(['POST /token'])
  })

  it('follows a key rotation: an unknown kid refetches the JWKS once, and the cache is updated in place', async () => {
    const op = createFakeProvider()
    const jwksCache: JwksCache = { jwks: (await op.jwks()) as never, uat: now() - 120 }
    await op.rotateKeys()
    const { exchange } = await login({ op, jwksCache })
    await expect(exchange()).resolves.toMatchObject({ claims: { sub: 'alice' } })
    expect(op.calls).toEqual(['POST /token', 'GET /jwks'])
    expect(jwksCache.uat).toBeGreaterThanOrEqual(now() - 1)
    expect(jwksCache.jwks).toEqual(await op.jwks())
  })

  it('refetches only once for a kid the provider does not have', async () => {
    const op = createFakeProvider()
    const jwksCache: JwksCache = { jwks: (await op.jwks()) as never, uat: now() - 120 }
    const { exchange } = await login({ op, jwksCache, sign: { kid: 'no-such-key' } })
    await expect(exchange()).rejects.toMatchObject(invalid)
    expect(op.calls.filter((call) => call === 'GET /jwks')).toHaveLength(1)
  })

  it('refuses an ID token when the provider has no jwks_uri', async () => {
    const op = createFakeProvider()
    const { jwks_uri: _, ...metadata } = op.metadata
    const as = metadata as unknown as AuthorizationServer
    const { ctx } = await context(undefined, as, { op, cachedJwks: false })
    const { transaction } = await createAuthorizationRequest(ctx, { redirectUri })
    op.authorize(
      new URL(
        `${ISSUER}/authorize?${new URLSearchParams({ redirect_uri: redirectUri, state: transaction.state, nonce: transaction.nonce })}`,
      ),
    )
    await expect(
      exchangeCode(ctx, validateCallback(ctx, op.callbackUrl(), transaction)),
    ).rejects.toMatchObject(invalid)
  })
})

describe('iat (12.2) and azp (12.3) at login', () => {
  it('refuses an iat in the future beyond the clock tolerance (120 s)', async () => {
    const { exchange } = await login({ claims: { iat: now() + 600 } })
    await expect(exchange()).rejects.toMatchObject(invalid)
  })

  it('accepts an iat in the future within the clock tolerance', async () => {
    const { exchange } = await login({ claims: { iat: now() + 60 } })
    await expect(exchange()).resolves.toBeTruthy()
  })

  it('refuses a single-audience ID token whose azp is another client', async () => {
    const { exchange } = await login({ claims: { azp: 'another-client' } })
    await expect(exchange()).rejects.toMatchObject(invalid)
  })

  it('accepts azp naming this client', async () => {
    const { exchange } = await login({ claims: { azp: 'spa' } })
    await expect(exchange()).resolves.toMatchObject({ claims: { azp: 'spa' } })
  })
})

describe('Auth0 organizations (12.6)', () => {
  it.each([
    ['org_abc', { org_id: 'org_abc' }],
    ['Acme', { org_name: 'acme' }],
    ['acme', { org_name: 'ACME' }],
  ])('accepts organization %s with the matching claim', async (organization, claims) => {
    const { exchange } = await login({ params: { organization }, claims })
    await expect(exchange()).resolves.toMatchObject({ claims })
  })

  it.each([
    ['org_abc', { org_id: 'org_other' }],
    ['org_abc', {}],
    ['org_abc', { org_name: 'org_abc' }],
    ['Acme', { org_name: 'other' }],
    ['Acme', {}],
    ['Acme', { org_id: 'Acme' }],
  ])('refuses organization %s with %o (AUTH_INVALID_RESPONSE)', async (organization, claims) => {
    const { exchange } = await login({ params: { organization }, claims })
    await expect(exchange()).rejects.toMatchObject(invalid)
  })

  it('checks nothing when no organization was asked for', async () => {
    const { exchange } = await login({ claims: { org_id: 'org_whatever' } })
    await expect(exchange()).resolves.toBeTruthy()
  })
})

describe('refresh (OIDC Core 12.2)', () => {
  const op = createFakeProvider()
  const original = op.goodClaims(undefined, { auth_time: now() - 10 })
  const previous: TokenSet = {
    access_token: 'old',
    token_type: 'bearer',
    refresh_token: 'rt1',
    id_token: 'idt-old',
    claims: original as TokenSet['claims'] & object,
  }
  async function refresh(claims: Record<string, unknown>, sign: IdTokenOptions = {}, base = previous) {
    const { ctx } = await context(async () =>
      json({
        access_token: 'new',
        token_type: 'bearer',
        refresh_token: 'rt2',
        id_token: await op.idToken({ ...original, iat: now(), exp: now() + 300, ...claims }, sign),
      }),
    )
    return refreshTokens(ctx, base)
  }

  it('accepts a new ID token for the same login', async () => {
    await expect(refresh({})).resolves.toMatchObject({ access_token: 'new', claims: { sub: 'alice' } })
  })

  it.each([
    ['an invalid signature', {}, { badSignature: true }],
    ['HS256', {}, { alg: 'HS256' as const }],
    ['an iat in the future', { iat: now() + 600 }, {}],
    ['another sub', { sub: 'mallory' }, {}],
    ['another aud', { aud: ['spa', 'other'], azp: 'spa' }, {}],
    ['an azp the original did not have', { azp: 'spa' }, {}],
    ['an earlier auth_time (an older login)', { auth_time: now() - 60 }, {}],
    ['an auth_time that is not a number', { auth_time: String(now()) }, {}],
    ['another nonce', { nonce: 'n2' }, {}],
  ])('refuses a new ID token with %s', async (_name, claims, sign) => {
    await expect(refresh(claims, sign)).rejects.toMatchObject(invalid)
  })

  it('refuses an azp change from the original', async () => {
    const withAzp = { ...previous, claims: { ...original, azp: 'spa' } as TokenSet['claims'] & object }
    await expect(refresh({ azp: 'spa' }, {}, withAzp)).resolves.toBeTruthy()
    await expect(refresh({ azp: undefined }, {}, withAzp)).rejects.toMatchObject(invalid)
  })

  it('accepts a new ID token without auth_time', async () => {
    await expect(refresh({ auth_time: undefined })).resolves.toBeTruthy()
  })

  // Keycloak (and other providers with one session for many clients) date a refreshed ID token's
  // auth_time by the session's last sign-in: the user signed in again, in another app or for a
  // step-up, and the session goes on. Only an earlier one would be another (older) login.
  it('accepts a later auth_time: the user signed in again in the provider session', async () => {
    await expect(refresh({ auth_time: now() - 5 })).resolves.toMatchObject({
      claims: { auth_time: now() - 5 },
    })
  })
})
