// DPoP's proof code is a chunk loaded on first need: a DPoP app's start-up does not load it, and a
// chunk that fails to load is a typed error for the action that needed it, tried again next time.
import { isAuthError } from '@lanyard/core'
import { fakeOp, type FakeOp } from '@lanyard/test-utils'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { createDPoPSupport } from './dpop.ts'
import { createMemoryStore } from './kv-store.ts'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp
const { client, signIn, stopAll } = testClients(() => op)
const importChunk = () => import('./dpop-chunk.ts')

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => stopAll())

it('a signed-in start-up loads no DPoP chunk; the login before it did', async () => {
  const loginPage = vi.fn(importChunk)
  await signIn(client({ dpop: createDPoPSupport(loginPage) }))
  expect(op.lastAuthorize?.searchParams.get('dpop_jkt')).toMatch(/^[\w-]{43}$/)
  expect(loginPage).toHaveBeenCalledTimes(1)

  const reloadPage = vi.fn(importChunk)
  const reload = client({ dpop: createDPoPSupport(reloadPage) })
  expect((await reload.start()).status).toBe('authenticated')
  expect(reloadPage).not.toHaveBeenCalled()
})

it('remove() deletes the key without loading the chunk', async () => {
  const kv = createMemoryStore()
  const support = createDPoPSupport(vi.fn(importChunk))
  await support.load({} as never, kv, 'dpop:k').catch(() => {}) // creates the key (no handle needed)
  expect(await kv.get('dpop:k')).toHaveProperty('privateKey')
  const page = vi.fn(importChunk)
  await createDPoPSupport(page).remove(kv, 'dpop:k')
  expect(await kv.get('dpop:k')).toBeUndefined()
  expect(page).not.toHaveBeenCalled()
})

it('a chunk that fails to load is AUTH_NETWORK_ERROR for the login that needed it; the next login loads it', async () => {
  const offline = new TypeError('Failed to fetch dynamically imported module')
  const page = vi.fn(importChunk).mockRejectedValueOnce(offline)
  const auth = client({ dpop: createDPoPSupport(page) })
  await auth.start()
  const failure = await auth.loginWithRedirect().catch((error: unknown) => error)
  expect(isAuthError(failure, 'AUTH_NETWORK_ERROR')).toBe(true)
  expect((failure as Error).cause).toBe(offline)
  expect(op.lastAuthorize).toBeUndefined() // nothing left for the provider

  await auth.loginWithRedirect()
  expect(op.lastAuthorize?.searchParams.get('dpop_jkt')).toMatch(/^[\w-]{43}$/)
  expect(page).toHaveBeenCalledTimes(2)
})
