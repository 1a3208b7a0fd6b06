import { ISSUER, createFakeProvider, json } from '@lanyard/test-utils'
import { describe, expect, it } from 'vitest'
import type { AuthorizationServer } from './context.ts'
import { discover } from './discovery.ts'

/** A fake provider answering every request with `answer` (and recording them). */
function answering(answer: (url: URL) => Response | Promise<Response>) {
  const op = createFakeProvider({ handler: (url) => answer(url) })
  return { fetch: op.fetch, calls: op.requests, metadata: op.metadata as unknown as AuthorizationServer }
}
const { metadata } = answering(() => json({}))
const paths = (calls: { url: string }[]) => calls.map((call) => new URL(call.url).pathname)
const failedToFetch = () => {
  throw new TypeError('Failed to fetch')
}

describe('discover', () => {
  it('uses OpenID discovery', async () => {
    const { fetch, calls } = answering(() => json(metadata))
    await expect(discover(ISSUER, { fetch })).resolves.toMatchObject({ issuer: ISSUER })
    expect(calls.map((c) => c.url)).toEqual([`${ISSUER}/.well-known/openid-configuration`])
  })

  it('falls back to RFC 8414 when OpenID discovery is missing', async () => {
    const { fetch, calls } = answering((url) =>
      url.pathname.includes('oauth-authorization-server') ? json(metadata) : json({ error: 'nope' }, 404),
    )
    await expect(discover(ISSUER, { fetch })).resolves.toMatchObject({ issuer: ISSUER })
    expect(paths(calls)).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server',
    ])
  })

  // OpenID Connect Discovery 4.1 appends the well-known path to the issuer's; RFC 8414 3.1
  // inserts it between the host and the issuer's path. A trailing slash on the issuer is dropped.
  it.each(['https://op.example/tenant', 'https://op.example/tenant/'])(
    'builds both well-known URLs for an issuer with a path (%s)',
    async (issuer) => {
      const { fetch, calls } = answering(() => json({}, 404))
      await expect(discover(issuer, { fetch })).rejects.toMatchObject({ code: 'AUTH_DISCOVERY_FAILED' })
      expect(calls.map((c) => c.url)).toEqual([
        'https://op.example/tenant/.well-known/openid-configuration',
        'https://op.example/.well-known/oauth-authorization-server/tenant',
      ])
    },
  )

  it('sends a GET for JSON that does not follow redirects', async () => {
    const seen: RequestInit[] = []
    const { fetch } = answering(() => json(metadata))
    const spy = ((url: string, init: RequestInit) => (seen.push(init), fetch(url, init))) as typeof fetch
    await discover(ISSUER, { fetch: spy })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ redirect: 'manual', headers: { accept: 'application/json' } })
    expect(seen[0]?.method ?? 'GET').toBe('GET')
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal)
  })

  it('rejects metadata for another issuer (AUTH_DISCOVERY_FAILED)', async () => {
    const { fetch } = answering(() => json({ ...metadata, issuer: 'https://evil.example' }))
    await expect(discover(ISSUER, { fetch })).rejects.toMatchObject({ code: 'AUTH_DISCOVERY_FAILED' })
  })

  it('reports a network failure as AUTH_NETWORK_ERROR without trying the fallback', async () => {
    const { fetch, calls } = answering(failedToFetch)
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
    const { fetch, calls } = answering(() => json(metadata))
    await expect(discover(ISSUER, { fetch, metadata })).resolves.toBe(metadata)
    expect(calls).toHaveLength(0)
  })

  it('rejects a malformed issuer with AUTH_CONFIG_INVALID', async () => {
    for (const bad of ['not a url', 'ftp://x', 'https://x/?a=1', 'https://x/#f', 'http://op.example']) {
      await expect(discover(bad)).rejects.toMatchObject({ code: 'AUTH_CONFIG_INVALID' })
    }
  })
})

// Issue 12.4: a definite bad answer stays AUTH_DISCOVERY_FAILED, saying what was wrong, however
// the RFC 8414 fallback fails (a TypeError: no CORS on that URL, typically).
describe('discover: definite bad answers', () => {
  const firstThenNoCors = (first: () => Response) =>
    answering((url) => (url.pathname === '/.well-known/openid-configuration' ? first() : failedToFetch()))

  it.each([
    ['another issuer', () => json({ ...metadata, issuer: 'https://evil.example' }), /another issuer.*evil/],
    ['a 404', () => json({ error: 'nope' }, 404), /HTTP 404/],
    ['a 500', () => new Response('oops', { status: 500 }), /HTTP 500/],
    ['a redirect', () => new Response(null, { status: 302, headers: { location: '/x' } }), /redirect/],
    ['HTML', () => new Response('<html>', { headers: { 'content-type': 'text/html' } }), /not JSON/],
    ['broken JSON', () => new Response('{', { headers: { 'content-type': 'application/json' } }), /not JSON/],
    ['no issuer', () => json({ authorization_endpoint: `${ISSUER}/a` }), /not a metadata document/],
    ['an issuer that is not a URL', () => json({ ...metadata, issuer: 'nope' }), /not a metadata document/],
    ['a JSON array', () => json([1]), /not a metadata document/],
  ])('%s, then no answer from RFC 8414 → AUTH_DISCOVERY_FAILED saying so', async (_name, first, why) => {
    const { fetch, calls } = firstThenNoCors(first)
    const error = await discover(ISSUER, { fetch }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'AUTH_DISCOVERY_FAILED', message: expect.stringMatching(why) })
    expect((error as Error).message).toContain(`${ISSUER}/.well-known/openid-configuration`)
    expect(paths(calls)).toContain('/.well-known/oauth-authorization-server')
  })

  it('a timeout on the fallback does not hide the first answer either', async () => {
    const { fetch } = answering((url) => {
      if (url.pathname === '/.well-known/openid-configuration') return json({}, 404)
      const error = new DOMException('late', 'TimeoutError')
      throw error
    })
    await expect(discover(ISSUER, { fetch })).rejects.toMatchObject({
      code: 'AUTH_DISCOVERY_FAILED',
      message: expect.stringMatching(/HTTP 404/),
    })
  })

  // django-oauth-toolkit answers /.well-known/openid-configuration with a 301 to the same path
  // with a trailing slash.
  it('follows a provider that serves discovery only with a trailing slash', async () => {
    const { fetch, calls } = answering((url) =>
      url.pathname === '/.well-known/openid-configuration/'
        ? json(metadata)
        : new Response(null, { status: 301, headers: { location: `${url.href}/` } }),
    )
    await expect(discover(ISSUER, { fetch })).resolves.toMatchObject({ issuer: ISSUER })
    expect(paths(calls)).toEqual(['/.well-known/openid-configuration', '/.well-known/openid-configuration/'])
  })

  it('says so when the trailing-slash URL fails too', async () => {
    const { fetch } = answering((url) =>
      url.pathname === '/.well-known/openid-configuration'
        ? new Response(null, { status: 301, headers: { location: `${url.href}/` } })
        : json({}, 404),
    )
    await expect(discover(ISSUER, { fetch })).rejects.toMatchObject({
      code: 'AUTH_DISCOVERY_FAILED',
      message: expect.stringMatching(/redirect.*openid-configuration\/ \(with a trailing slash\)/),
    })
  })

  // What a browser's fetch with redirect: 'manual' gives for a 301.
  it("recognizes a browser's opaque redirect (status 0) and tries the trailing slash", async () => {
    const opaqueRedirect = () =>
      Object.defineProperties(new Response(null), {
        type: { value: 'opaqueredirect' },
        status: { value: 0 },
      }) as Response
    const { fetch, calls } = answering((url) =>
      url.pathname === '/.well-known/openid-configuration' ? opaqueRedirect() : json({}, 404),
    )
    await expect(discover(ISSUER, { fetch })).rejects.toMatchObject({
      code: 'AUTH_DISCOVERY_FAILED',
      message: expect.stringMatching(/answered with a redirect;.*trailing slash/),
    })
    expect(paths(calls)).toContain('/.well-known/openid-configuration/')
  })

  it('does not try the trailing slash for answers that are not redirects', async () => {
    const { fetch, calls } = answering(() => json({}, 404))
    await expect(discover(ISSUER, { fetch })).rejects.toMatchObject({ code: 'AUTH_DISCOVERY_FAILED' })
    expect(paths(calls)).toEqual([
      '/.well-known/openid-configuration',
      '/.well-known/oauth-authorization-server',
    ])
  })
})
