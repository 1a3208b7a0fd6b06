// The JWKS (for ID token signatures, verified by core with oauth4webapi's JWKS cache object) is
// fetched when a login is prepared, stored with the metadata, handed to every page's context as
// `jwksCache`, and stored again whenever oauth4webapi updates that object in place.
import type * as Core from '@lanyard/core'
import { createContext } from '@lanyard/core'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { createAuthClient } from './client.ts'
import { createIndexedDbStore } from './kv-store.ts'
import type { JwksCache, MetadataRecord } from './metadata-cache.ts'
import { createSealer } from './sealed-box.ts'
import { ISSUER, fakeOp, type FakeOp } from './test-utils/fake-op.ts'
import { freshIndexedDb } from './test-utils/idb.ts'

vi.mock('@lanyard/core', async (importOriginal) => {
  const core = await importOriginal<typeof Core>()
  return { ...core, createContext: vi.fn(core.createContext) }
})

const KEYS = { keys: [{ kty: 'EC', crv: 'P-256', kid: 'k1', x: 'x1', y: 'y1' }] }
const ROTATED = { keys: [{ kty: 'EC', crv: 'P-256', kid: 'k2', x: 'x2', y: 'y2' }] }
let op: FakeOp
const clients: { stop(): void }[] = []

// The fake provider, advertising a `jwks_uri` and serving it.
const fetchWithJwks: typeof fetch = async (input, init) => {
  const url = new URL(String(input))
  if (url.pathname === '/jwks') {
    op.calls.push('GET /jwks')
    return Response.json(KEYS)
  }
  const response = await op.fetch(input, init)
  if (url.pathname !== '/.well-known/openid-configuration') return response
  return Response.json({ ...(await response.json()), jwks_uri: `${ISSUER}/jwks` })
}

function client() {
  const auth = createAuthClient({
    issuer: ISSUER,
    clientId: 'spa',
    fetch: fetchWithJwks,
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
  expect((await stored())?.jwks).toEqual({ jwks: KEYS, uat: expect.any(Number) })
  op.calls.length = 0
  vi.mocked(createContext).mockClear()
  history.replaceState(null, '', op.callbackUrl())
  expect(await client().start()).toMatchObject({ status: 'authenticated' })
  expect(op.calls).toEqual(['POST /token'])
  expect(lastJwksCache()).toEqual({ jwks: KEYS, uat: expect.any(Number) })
  expect(lastJwksCache()?.uat).toBeGreaterThanOrEqual(before)
})

it("oauth4webapi's in-place updates of the jwksCache are stored for the other tabs", async () => {
  const tab = client()
  await tab.start()
  await tab.loginWithRedirect()
  await tab.handleRedirectCallback(op.callbackUrl())
  const uat = Math.floor(Date.now() / 1000)
  // What oauth4webapi does after downloading the keys (an unknown kid, or a set over 5 minutes old).
  Object.assign(lastJwksCache()!, { jwks: ROTATED, uat })
  await vi.waitFor(async () => expect((await stored())?.jwks).toEqual({ jwks: ROTATED, uat }))
  vi.mocked(createContext).mockClear()
  op.calls.length = 0
  expect(await client().getAccessToken({ cacheMode: 'off' })).toBe('at-2')
  expect(op.calls).toEqual(['POST /token'])
  expect(lastJwksCache()).toEqual({ jwks: ROTATED, uat })
})
