import { createFakeProvider, json } from '@lanyard/test-utils'
import { describe, expect, it } from 'vitest'
import { context } from './test-utils/context.ts'
import { fetchUserInfo } from './userinfo.ts'

const op = createFakeProvider()
const USERINFO = `${op.issuer}/userinfo`
const withUserinfo = { ...op.metadata, userinfo_endpoint: USERINFO } as never
const headersOf = (init: RequestInit) => new Headers(init.headers)

describe('fetchUserInfo (OIDC Core 5.3)', () => {
  it('GETs the endpoint with the access token and returns the claims', async () => {
    let authorization: string | null = null
    const { ctx, calls } = await context((url, init) => {
      authorization = headersOf(init).get('authorization')
      return json({ sub: 'alice', email: 'alice@example.com' })
    }, withUserinfo)
    expect(await fetchUserInfo(ctx, 'at-1', 'alice')).toEqual({ sub: 'alice', email: 'alice@example.com' })
    expect(calls).toMatchObject([{ method: 'GET', url: USERINFO }])
    expect(authorization).toBe('Bearer at-1')
  })

  it("refuses an answer whose sub is not the ID token's (5.3.2): AUTH_INVALID_RESPONSE", async () => {
    const { ctx } = await context(() => json({ sub: 'mallory' }), withUserinfo)
    await expect(fetchUserInfo(ctx, 'at-1', 'alice')).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  })

  it('a signed answer is verified: a broken signature is AUTH_INVALID_RESPONSE, a good one passes', async () => {
    const signed = async (badSignature: boolean) => {
      const claims = { sub: 'alice', name: 'Alice', iss: op.issuer, aud: op.clientId }
      const jwt = await op.idToken(claims, { badSignature })
      return new Response(jwt, { headers: { 'content-type': 'application/jwt' } })
    }
    // (A provider that signs its answers says with which algorithms.)
    const signing = {
      ...op.metadata,
      userinfo_endpoint: USERINFO,
      userinfo_signing_alg_values_supported: ['RS256'],
    } as never
    const good = await context(() => signed(false), signing, { op })
    expect(await fetchUserInfo(good.ctx, 'at-1', 'alice')).toMatchObject({ sub: 'alice', name: 'Alice' })
    const bad = await context(() => signed(true), signing, { op })
    await expect(fetchUserInfo(bad.ctx, 'at-1', 'alice')).rejects.toMatchObject({
      code: 'AUTH_INVALID_RESPONSE',
    })
  })

  it.each([
    ['no iss', { aud: op.clientId }],
    ['no aud', { iss: op.issuer }],
  ])('refuses a signed answer with %s (5.3.2: a signed answer MUST carry both)', async (_name, claims) => {
    const signing = {
      ...op.metadata,
      userinfo_endpoint: USERINFO,
      userinfo_signing_alg_values_supported: ['RS256'],
    } as never
    const jwt = await op.idToken({ sub: 'alice', ...claims })
    const { ctx } = await context(
      () => new Response(jwt, { headers: { 'content-type': 'application/jwt' } }),
      signing,
      { op },
    )
    await expect(fetchUserInfo(ctx, 'at-1', 'alice')).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  })

  it('a refused access token is AUTH_TOKEN_REQUEST_FAILED with invalid_token, and carries no token', async () => {
    const { ctx } = await context(
      () =>
        new Response(null, {
          status: 401,
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        }),
      withUserinfo,
    )
    const failure = await fetchUserInfo(ctx, 'at-secret-1', 'alice').catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 'AUTH_TOKEN_REQUEST_FAILED', error: 'invalid_token', status: 401 })
    expect(JSON.stringify(failure) + String(failure)).not.toContain('at-secret-1')
  })

  it('a provider without a UserInfo endpoint is AUTH_DISCOVERY_FAILED, and nothing is sent', async () => {
    const { userinfo_endpoint: _, ...without } = op.metadata
    const { ctx, calls } = await context(() => json({ sub: 'alice' }), without as never)
    await expect(fetchUserInfo(ctx, 'at-1', 'alice')).rejects.toMatchObject({ code: 'AUTH_DISCOVERY_FAILED' })
    expect(calls).toEqual([])
  })
})
