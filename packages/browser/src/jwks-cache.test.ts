// The JWKS (for ID token signatures, verified by core with oauth4webapi's JWKS cache object) is
// fetched when a login is prepared, stored with the metadata, handed to every page's context as
// `jwksCache`, and stored again whenever oauth4webapi updates that object in place.
import type * as Core from '@lanyard/core'
import { createContext } from '@lanyard/core'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { createAuthClient } from './client.ts'
import { createIndexedDbStore } from './kv-store.ts'
import type { JwksCache } from '@lanyard/core'
import type { MetadataRecord } from './metadata-cache.ts'
import { createSealer } from './sealed-box.ts'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from './test-utils/idb.ts'

vi.mock('@lanyard/core', async (importOriginal) => {
  const core = await importOriginal<typeof Core>()
  return { ...core, createContext: vi.fn(core.createContext) }
})

let op: FakeOp
const clients: { stop(): void }[] = []

function client() {
  const auth = createAuthClient({
    issuer: ISSUER,
    clientId: 'spa',
    fetch: op.fetch,
    onWarning: () => {},
  })
  clients.push(auth)
  return auth
}
const lastJwksCache = () =>
  (vi.mocked(createContext).mock.lastCall?.[1] as { jwksCache?: JwksCache }).jwksCache
const stored = () => {
  const kv = createIndexedDbStore()
  return createSealer(kv)
    .read<MetadataRecord>(kv, `meta:${ISSUER}`)
    .then(([, record]) => record)
}

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
  vi.mocked(createContext).mockClear()
})
afterEach(() => {
  for (const auth of clients.splice(0)) auth.stop()
  history.replaceState(null, '', '/')
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

it('a login fetches the JWKS, stores it, and the callback page gets it as its jwksCache', async () => {
  const login = client()
  await login.start()
  const before = Math.floor(Date.now() / 1000)
  await login.loginWithRedirect()
  login.stop()
  expect(op.calls).toEqual(['GET /.well-known/openid-configuration', 'GET /jwks'])
  const keys = await op.jwks()
  expect((await stored())?.jwks).toEqual({ jwks: keys, uat: expect.any(Number) })
  op.calls.length = 0
  vi.mocked(createContext).mockClear()
  history.replaceState(null, '', op.callbackUrl())
  expect(await client().start()).toMatchObject({ status: 'authenticated' })
  expect(op.calls).toEqual(['POST /token'])
  expect(lastJwksCache()).toEqual({ jwks: keys, uat: expect.any(Number) })
  // Dated a minute back (so that a key rotated in before signing is refetched), not older.
  expect(lastJwksCache()?.uat).toBeGreaterThanOrEqual(before - 60)
})

it("oauth4webapi's in-place updates of the jwksCache are stored for the other tabs", async () => {
  const tab = client()
  await tab.start()
  await tab.loginWithRedirect()
  await tab.handleRedirectCallback(op.callbackUrl())
  await op.rotateKeys()
  const rotated = await op.jwks()
  const uat = Math.floor(Date.now() / 1000)
  // What oauth4webapi does after downloading the keys (an unknown kid, or a set over 5 minutes old).
  Object.assign(lastJwksCache()!, { jwks: rotated, uat })
  await vi.waitFor(async () => expect((await stored())?.jwks).toEqual({ jwks: rotated, uat }))
  vi.mocked(createContext).mockClear()
  op.calls.length = 0
  expect(await client().getAccessToken({ cacheMode: 'off' })).toBe('at-2')
  // The refreshed ID token is signed with the new key, which the stored set has: no download.
  expect(op.calls).toEqual(['POST /token'])
  expect(lastJwksCache()).toMatchObject({ jwks: rotated })
})
