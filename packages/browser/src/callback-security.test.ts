import { AUTH_CALLBACK_INVALID } from '@lanyard/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { dpop } from './dpop.ts'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp

const { client, stopAll } = testClients(() => op)

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => {
  stopAll()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  history.replaceState(null, '', '/')
})

describe('the callback is bound to its login', () => {
  it('a login started for /cb-b is not exchanged from /cb-a: AUTH_CALLBACK_INVALID, no token request', async () => {
    const auth = client()
    await auth.start()
    await auth.loginWithRedirect({ redirectUri: location.origin + '/cb-b' })
    const elsewhere = new URL(op.callbackUrl())
    elsewhere.pathname = '/cb-a'
    await expect(auth.handleRedirectCallback(elsewhere.href)).rejects.toMatchObject({
      code: AUTH_CALLBACK_INVALID,
    })
    expect(op.tokenCalls()).toHaveLength(0)
    // Single use: the right URL afterwards does not exchange either.
    await expect(auth.handleRedirectCallback(op.callbackUrl())).rejects.toMatchObject({
      code: 'AUTH_TRANSACTION_MISSING',
    })
    expect(op.tokenCalls()).toHaveLength(0)
  })

  it('the code leaves the address bar before the token request is sent', async () => {
    const auth = client()
    await auth.start()
    await auth.loginWithRedirect()
    history.replaceState(null, '', op.callbackUrl())
    const seenAtTokenRequest: string[] = []
    const fetchOfOp = op.fetch
    const next = client({
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input instanceof Request ? input.url : input).endsWith('/token'))
          seenAtTokenRequest.push(location.search)
        return fetchOfOp(input, init)
      }) as typeof fetch,
    })
    await next.handleRedirectCallback()
    expect(seenAtTokenRequest).toEqual([''])
    expect(next.getSnapshot().status).toBe('authenticated')
  })

  it('an error callback leaves no callback parameter behind (error_uri too), and keeps the others', async () => {
    const auth = client()
    await auth.start()
    await auth.loginWithRedirect()
    const state = op.lastAuthorize!.searchParams.get('state')!
    const url = new URL(location.origin + '/')
    for (const [name, value] of Object.entries({
      error: 'access_denied',
      error_description: 'no',
      error_uri: 'https://op.example/help',
      state,
      iss: ISSUER,
      keep: '1',
    }))
      url.searchParams.set(name, value)
    history.replaceState(null, '', url)
    await expect(auth.handleRedirectCallback()).rejects.toMatchObject({ code: 'AUTH_AUTHORIZATION_ERROR' })
    expect(location.search).toBe('?keep=1')
  })
})

describe('a refused refresh', () => {
  it('does not clear a newer login that another tab finished meanwhile', async () => {
    const tabB = client()
    let newerLogin = ''
    // Tab A's refresh is refused, but only after tab B finished a new login (a new grant).
    const tabA = client({
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(init?.body ?? '').includes('grant_type=refresh_token')) {
          await tabB.handleRedirectCallback(newerLogin)
          return new Response(JSON.stringify({ error: 'invalid_grant' }), {
            status: 400,
            headers: { 'content-type': 'application/json' },
          })
        }
        return op.fetch(input, init)
      }) as typeof fetch,
    })
    await tabA.start()
    await tabA.loginWithRedirect()
    await tabA.handleRedirectCallback(op.callbackUrl())
    await tabB.start()
    await tabB.loginWithRedirect()
    newerLogin = op.callbackUrl()
    await expect(tabA.getAccessToken({ cacheMode: 'off' })).rejects.toMatchObject({ error: 'invalid_grant' })
    // Tab B's session is still on disk: a fresh client (a reload) is signed in.
    const reload = client()
    expect((await reload.start()).status).toBe('authenticated')
  })
})

describe('DPoP', () => {
  it("one client's logout keeps another client's DPoP key", async () => {
    const spa = client({ dpop })
    const other = client({ clientId: 'other', dpop })
    await spa.start()
    await other.start()
    await spa.loginWithRedirect()
    await other.loginWithRedirect()
    const keysBefore = await dpopKeys()
    expect(keysBefore).toHaveLength(2)
    await spa.logout({ federated: false })
    const keysAfter = await dpopKeys()
    expect(keysAfter).toHaveLength(1)
    expect(keysAfter[0]).toContain('other')
  })

  it('warns when DPoP was requested but the provider returned a Bearer token', async () => {
    const onWarning = vi.fn()
    const auth = client({ dpop, onWarning })
    await auth.start()
    await auth.loginWithRedirect()
    await auth.handleRedirectCallback(op.callbackUrl())
    expect(onWarning).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringMatching(/DPoP/) }),
    )
  })
})

async function dpopKeys(): Promise<string[]> {
  const { keys, createStore } = await import('idb-keyval')
  const all = (await keys(createStore('lanyard', 'v1'))) as string[]
  return all.filter((key) => key.startsWith('dpop'))
}

describe('RP-initiated logout', () => {
  it('sends state (and extra parameters), and start() removes that state from the URL it returns to', async () => {
    const auth = client()
    await auth.start()
    await auth.loginWithRedirect()
    await auth.handleRedirectCallback(op.callbackUrl())
    await auth.logout({ logoutParams: { ui_locales: 'fr' } })
    const target = new URL(String(vi.mocked(window.location.assign).mock.calls.at(-1)![0]))
    const state = target.searchParams.get('state')
    expect(state).toMatch(/^[\w-]{20,}$/)
    expect(target.searchParams.get('ui_locales')).toBe('fr')
    auth.stop()
    history.replaceState(null, '', `/?state=${state}&keep=1`)
    await client().start()
    expect(location.search).toBe('?keep=1')
  })
})
