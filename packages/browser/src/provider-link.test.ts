// The provider's metadata is discovered when a login is prepared and kept sealed in IndexedDB,
// shared by the tabs: the callback page, reloads and other tabs never rediscover while it is fresh.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createIndexedDbStore } from './kv-store.ts'
import type { MetadataRecord } from './metadata-cache.ts'
import { createSealer } from './sealed-box.ts'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import { dumpStore, freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

const DISCOVERY = 'GET /.well-known/openid-configuration'
// What a login page asks the provider: the document, and the keys for the callback's ID token.
const LOGIN_PAGE = [DISCOVERY, 'GET /jwks']
// oauth4webapi trusts downloaded keys for 5 minutes: an ID token verified later than that (a
// refresh, a slow login) downloads them again, after the token request.
const TOKEN_WITH_KEYS = ['POST /token', 'GET /jwks']
let op: FakeOp

// Each client stands for a page: a tab, a reload or the callback page (one IndexedDB, shared).
const { client, signIn, stopAll } = testClients(() => op)

const later = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000)
// The metadata record as another page finds it in IndexedDB.
const stored = () => {
  const kv = createIndexedDbStore()
  const sealer = createSealer(kv)
  return {
    get: async () => (await sealer.read<MetadataRecord>(kv, `meta:${ISSUER}`))[1],
    set: async (record: MetadataRecord) =>
      kv.set(`meta:${ISSUER}`, await sealer.seal(record, `meta:${ISSUER}`)),
  }
}

// op.fetch, with the discovery answer held until `gate` resolves.
function provider(gate: Promise<void>): typeof fetch {
  return async (input, init) => {
    const response = await op.fetch(input, init) // logged when sent
    if (String(input).endsWith('/.well-known/openid-configuration')) await gate
    return response
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => {
  vi.useRealTimers()
  stopAll()
  history.replaceState(null, '', '/')
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('one discovery per login', () => {
  // Also with `https://tenant.auth0.com` for an issuer that is `https://tenant.auth0.com/`: the same
  // URL, accepted by discovery, so the stored document must be reused too (and its keys kept).
  it.each([
    ['as in its document', ISSUER],
    ['without the slash its document has', ISSUER + '/'], // the fake provider's issuer has none
  ])(
    'the callback page makes exactly one request, the token request (issuer spelled %s)',
    async (_, issuer) => {
      const login = client({ issuer })
      await login.start()
      await login.loginWithRedirect()
      login.stop()
      expect(op.calls).toEqual(LOGIN_PAGE)
      op.calls.length = 0
      history.replaceState(null, '', op.callbackUrl())
      expect(await client({ issuer }).start()).toMatchObject({ status: 'authenticated' })
      expect(op.calls).toEqual(['POST /token'])
    },
  )

  it('a second client on the same origin after a login makes no discovery request', async () => {
    op.ttl = 30
    await signIn()
    later(20) // the token is due for a refresh
    op.calls.length = 0
    const tab = client()
    expect(await tab.start()).toMatchObject({ status: 'authenticated' })
    expect(await tab.getAccessToken()).toBe('at-2')
    await tab.logout()
    expect(op.calls).toEqual(['POST /token', 'POST /revoke'])
  })

  it('a login takes the current document, even from a fresh copy: its callback page makes one request', async () => {
    const auth = await signIn()
    later(55 * 60) // the stored document (fresh for 1 h) has 5 minutes left
    op.calls.length = 0
    await auth.loginWithRedirect()
    expect(op.calls).toEqual(LOGIN_PAGE)
    later(8 * 60) // the first document would be stale now; the login's is not
    op.calls.length = 0
    history.replaceState(null, '', op.callbackUrl())
    expect(await client().start()).toMatchObject({ status: 'authenticated' })
    expect(op.calls).toEqual(TOKEN_WITH_KEYS) // no discovery
  })
})

describe('expiry', () => {
  it("a document is fresh for an hour: other tabs don't rediscover within it", async () => {
    op.ttl = 7200
    await signIn()
    later(50 * 60)
    op.calls.length = 0
    expect(await client().getAccessToken({ cacheMode: 'off' })).toBe('at-2')
    expect(op.calls).toEqual(TOKEN_WITH_KEYS) // no discovery
  })

  it('the stored document is sealed: a dump of the store shows none of it', async () => {
    await signIn()
    expect((await stored().get())?.as.token_endpoint).toBe(`${ISSUER}/token`)
    const dump = await dumpStore()
    for (const plain of ['/token', '/authorize', 'op.example']) expect(dump).not.toContain(plain)
  })

  it('a stale document is used at once and revalidated in the background, once, for every tab', async () => {
    await signIn()
    later(2 * 3600) // the document (1 h) and the token (1 h) are stale
    op.calls.length = 0
    let release!: () => void
    const fetch = provider(new Promise<void>((resolve) => (release = resolve)))
    const tab = client({ fetch })
    // Both refresh-token calls complete while the discovery is held.
    expect(await Promise.all([tab.getAccessToken(), tab.getAccessToken()])).toEqual(['at-2', 'at-2'])
    expect(op.calls).toEqual([DISCOVERY, ...TOKEN_WITH_KEYS])
    release()
    await vi.waitFor(async () => expect((await stored().get())?.staleAt).toBeGreaterThan(Date.now()))
    op.calls.length = 0
    expect(await client().getAccessToken({ cacheMode: 'off' })).toBe('at-3')
    expect(op.calls).toEqual(['POST /token'])
  })

  it('a stored document is checked like a fetched one: one naming another issuer is rediscovered', async () => {
    await stored().set({
      as: { issuer: 'https://evil.example', token_endpoint: 'https://evil.example/token' },
      jwks: {},
      staleAt: Date.now() + 3600_000,
    })
    await signIn()
    expect(op.calls).toEqual([...LOGIN_PAGE, 'POST /token'])
    expect((await stored().get())?.as.issuer).toBe(ISSUER)
  })
})
