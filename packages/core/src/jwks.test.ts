import { ISSUER, createFakeProvider, json } from '@lanyard/test-utils'
import { describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { validateCallback } from './callback.ts'
import type { AuthorizationServer, JwksCache } from './context.ts'
import { prefetchJwks } from './jwks.ts'
import { context } from './test-utils/context.ts'
import { exchangeCode } from './tokens.ts'

const now = () => Math.floor(Date.now() / 1000)

describe('prefetchJwks', () => {
  it('fetches the JWKS into the cache, so the code exchange needs no JWKS request', async () => {
    const { ctx, op } = await context(undefined, undefined, { cachedJwks: false })
    await prefetchJwks(ctx)
    expect(op.calls).toEqual(['GET /jwks'])
    expect(ctx.jwksCache).toEqual({ jwks: await op.jwks(), uat: expect.any(Number) })

    const redirectUri = 'https://app.example/cb'
    const { url, transaction } = await createAuthorizationRequest(ctx, { redirectUri })
    op.authorize(url)
    op.calls.length = 0
    await exchangeCode(ctx, validateCallback(ctx, op.callbackUrl(), transaction))
    expect(op.calls).toEqual(['POST /token'])
  })

  it('keeps a set fetched within the last minute', async () => {
    const { ctx, op } = await context()
    await prefetchJwks(ctx)
    expect(op.calls).toEqual([])
  })

  it.each([
    ['a set it fetches', false],
    ['a set fetched within the last minute (by the code exchange of a login just before)', true],
  ])(
    'leaves %s to be refetched for a key the provider rotates in right before signing',
    async (_name, cachedJwks) => {
      // OpenID RP tests signing-key-rotation(-just-before-signing): oauth4webapi refetches the set
      // for an unknown kid only when it is at least a minute old.
      const { ctx, op } = await context(undefined, undefined, { cachedJwks })
      await prefetchJwks(ctx)
      await op.rotateKeys()
      const redirectUri = 'https://app.example/cb'
      const { url, transaction } = await createAuthorizationRequest(ctx, { redirectUri })
      op.authorize(url)
      op.calls.length = 0
      const tokens = await exchangeCode(ctx, validateCallback(ctx, op.callbackUrl(), transaction))
      expect(tokens.claims?.sub).toBe('alice')
      expect(op.calls).toEqual(['POST /token', 'GET /jwks'])
      expect(ctx.jwksCache.jwks).toEqual(await op.jwks())
    },
  )

  it('refetches an older set', async () => {
    const op = createFakeProvider()
    const jwksCache: JwksCache = { jwks: { keys: [] }, uat: now() - 200 }
    const { ctx } = await context(undefined, undefined, { op, jwksCache, cachedJwks: false })
    await prefetchJwks(ctx)
    expect(op.calls).toEqual(['GET /jwks'])
    expect(jwksCache.jwks).toEqual(await op.jwks())
  })

  it.each([
    ['an error status', () => json({}, 500), /HTTP 500/],
    ['a redirect', () => new Response(null, { status: 302, headers: { location: '/x' } }), /HTTP 302/],
    ['not JSON', () => new Response('<html>'), /no key set/],
    ['no keys', () => json({ keys: 'x' }), /no key set/],
  ])('reports %s as AUTH_DISCOVERY_FAILED, leaving the cache alone', async (_name, answer, why) => {
    const { ctx } = await context(answer, undefined, { cachedJwks: false })
    await expect(prefetchJwks(ctx)).rejects.toMatchObject({
      code: 'AUTH_DISCOVERY_FAILED',
      message: expect.stringMatching(why),
    })
    expect(ctx.jwksCache).toEqual({})
  })

  it('reports no answer as AUTH_NETWORK_ERROR', async () => {
    const { ctx } = await context(
      () => {
        throw new TypeError('Failed to fetch')
      },
      undefined,
      { cachedJwks: false },
    )
    await expect(prefetchJwks(ctx)).rejects.toMatchObject({ code: 'AUTH_NETWORK_ERROR' })
  })

  it('needs a jwks_uri', async () => {
    const { ctx } = await context(undefined, { issuer: ISSUER } as AuthorizationServer, { cachedJwks: false })
    await expect(prefetchJwks(ctx)).rejects.toMatchObject({ code: 'AUTH_DISCOVERY_FAILED' })
  })
})
