import { describe, expect, it } from 'vitest'
import { discover, parseIssuer } from './discovery.ts'
import { ISSUER, fakeFetch, json, metadata } from './test-utils/fake-provider.ts'

describe('discover', () => {
  it('uses OpenID discovery', async () => {
    const { fetch, calls } = fakeFetch(() => json(metadata))
    await expect(discover(ISSUER, { fetch })).resolves.toMatchObject({ issuer: ISSUER })
    expect(calls.map((c) => c.url)).toEqual([`${ISSUER}/.well-known/openid-configuration`])
  })

  it('falls back to RFC 8414 when OpenID discovery is missing', async () => {
    const { fetch, calls } = fakeFetch((url) =>
      url.pathname.includes('oauth-authorization-server') ? json(metadata) : json({ error: 'nope' }, 404),
    )
    await expect(discover(ISSUER, { fetch })).resolves.toMatchObject({ issuer: ISSUER })
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server',
    ])
  })

  it('rejects metadata for another issuer (AUTH_DISCOVERY_FAILED)', async () => {
    const { fetch } = fakeFetch(() => json({ ...metadata, issuer: 'https://evil.example' }))
    await expect(discover(ISSUER, { fetch })).rejects.toMatchObject({ code: 'AUTH_DISCOVERY_FAILED' })
  })

  it('reports a network failure as AUTH_NETWORK_ERROR without trying the fallback', async () => {
    const { fetch, calls } = fakeFetch(() => {
      throw new TypeError('Failed to fetch')
    })
    await expect(discover(ISSUER, { fetch })).rejects.toMatchObject({ code: 'AUTH_NETWORK_ERROR' })
    expect(calls).toHaveLength(1)
  })

  it('bounds a hanging request with AUTH_TIMEOUT', async () => {
    const fetch = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )) as unknown as typeof globalThis.fetch
    await expect(discover(ISSUER, { fetch, timeoutMs: 50 })).rejects.toMatchObject({ code: 'AUTH_TIMEOUT' })
  })

  it('uses cached metadata without a request', async () => {
    const { fetch, calls } = fakeFetch(() => json(metadata))
    await expect(discover(ISSUER, { fetch, metadata })).resolves.toBe(metadata)
    expect(calls).toHaveLength(0)
  })

  it('rejects a malformed issuer with AUTH_CONFIG_INVALID', () => {
    for (const bad of ['not a url', 'ftp://x', 'https://x/?a=1', 'https://x/#f']) {
      expect(() => parseIssuer(bad)).toThrow(expect.objectContaining({ code: 'AUTH_CONFIG_INVALID' }))
    }
  })
})
