import { AUTH_CONFIG_INVALID, isAuthError } from '@lanyard/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAuthClient } from './client.ts'
import type { AuthClientOptions } from './options.ts'
import { allowedResource } from './resource-policy.ts'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from './test-utils/idb.ts'

let op: FakeOp
const clients: { stop(): void }[] = []
const sent: Request[] = []

async function signedIn(options: Partial<AuthClientOptions> = {}) {
  const auth = createAuthClient({
    issuer: ISSUER,
    clientId: 'spa',
    fetch: op.fetch,
    onWarning: () => {},
    ...options,
  })
  clients.push(auth)
  await auth.start()
  await auth.loginWithRedirect()
  await auth.handleRedirectCallback(op.callbackUrl())
  return auth
}

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
  sent.length = 0
  vi.stubGlobal('fetch', async (request: Request) => {
    sent.push(request)
    return new Response('ok')
  })
})
afterEach(() => {
  for (const auth of clients.splice(0)) auth.stop()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('auth.fetch sends a token only where the app allows', () => {
  it('by default only to the app’s own origin: anything else throws AUTH_RESOURCE_NOT_ALLOWED and sends nothing', async () => {
    const auth = await signedIn()
    await auth.fetch('/api/me')
    expect(sent.map((request) => request.url)).toEqual([location.origin + '/api/me'])
    const error = await auth.fetch('https://evil.example/steal').catch((e: unknown) => e)
    expect(isAuthError(error, 'AUTH_RESOURCE_NOT_ALLOWED' as never)).toBe(true)
    expect(sent).toHaveLength(1)
  })

  it('matches exact origin and a path prefix at a segment boundary; plain http never', async () => {
    const auth = await signedIn({ resources: [{ url: 'https://api.example/v1' }] })
    await auth.fetch('https://api.example/v1')
    await auth.fetch('https://api.example/v1/orders?x=1')
    for (const refused of [
      'https://api.example/v10',
      'https://api.example/',
      'http://api.example/v1/x',
      'https://api.example.evil/v1',
    ]) {
      await expect(auth.fetch(refused)).rejects.toMatchObject({ code: 'AUTH_RESOURCE_NOT_ALLOWED' })
    }
    expect(sent.map((request) => request.url)).toEqual([
      'https://api.example/v1',
      'https://api.example/v1/orders?x=1',
    ])
  })

  it('the matching entry chooses the token: one auth.fetch serves several APIs', async () => {
    const auth = await signedIn({
      resources: [{ url: 'https://orders.example' }, { url: 'https://billing.example', audience: 'billing' }],
    })
    await auth.fetch('https://orders.example/list')
    await auth.fetch('https://billing.example/invoices')
    expect(sent.map((request) => request.headers.get('Authorization'))).toEqual([
      'Bearer at-1',
      'Bearer at-2',
    ])
    const refresh = op.tokenCalls().at(-1)!
    expect(refresh.get('grant_type')).toBe('refresh_token')
    expect(refresh.get('audience')).toBe('billing')
  })

  it('a 401 from an API is retried only there, never elsewhere', async () => {
    const auth = await signedIn()
    vi.stubGlobal('fetch', async (request: Request) => {
      sent.push(request)
      return new Response('', {
        status: 401,
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      })
    })
    await auth.fetch('/api/me')
    expect(sent).toHaveLength(2) // one refresh, one retry, same URL
    expect(new Set(sent.map((request) => request.url)).size).toBe(1)
  })
})

describe('resources option', () => {
  it.each([
    [[{ url: 'http://api.example' }], 'resources[0].url'],
    [[{ url: 'https://api.example/v1?x=1' }], 'resources[0].url'],
    [[{ url: 'not a url' }], 'resources[0].url'],
    [[{ url: 'https://api.example', audience: 7 }], 'resources[0].audience'],
    ['https://api.example', 'resources'],
  ])('rejects %o with AUTH_CONFIG_INVALID naming %s', (resources, option) => {
    let error: unknown
    try {
      createAuthClient({ issuer: ISSUER, clientId: 'spa', resources: resources as never })
    } catch (e) {
      error = e
    }
    expect(isAuthError(error, AUTH_CONFIG_INVALID)).toBe(true)
    expect((error as Error).message.startsWith(option + ':')).toBe(true)
  })

  it('allows http on loopback (a local API)', () => {
    const entry = { url: 'http://localhost:9000/api' }
    expect(allowedResource([entry], new URL('http://localhost:9000/api/me'))).toBe(entry)
  })
})
