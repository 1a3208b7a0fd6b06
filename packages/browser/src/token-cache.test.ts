import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createIndexedDbStore } from './kv-store.ts'
import { createSealer } from './sealed-box.ts'
import { createTokenCache } from './token-cache.ts'
import { dumpStore, freshIndexedDb } from './test-utils/idb.ts'

interface Tokens {
  accessToken: string
  expiresAt: number
}
const TOKENS: Tokens = { accessToken: 'at-s3cr3t-0123456789', expiresAt: 1_700_000_000 }
const KEY = 'https://issuer.example/|client|api|openid'

beforeEach(() => void freshIndexedDb())
afterEach(() => void vi.unstubAllGlobals())

const setup = () => {
  const store = createIndexedDbStore()
  const sealer = createSealer(store)
  return { store, sealer, cache: createTokenCache<Tokens>(store, sealer) }
}

test('set and get one sealed record under tokens:<key>', async () => {
  const { store, cache } = setup()
  expect(await cache.get(KEY)).toBeUndefined()
  await cache.set(KEY, TOKENS)
  expect(await cache.get(KEY)).toEqual(TOKENS)
  expect(await store.get('tokens:' + KEY)).toMatchObject({ v: 2 })
  expect(await dumpStore()).not.toContain(TOKENS.accessToken)
})

test('records are separate per key and visible to another tab', async () => {
  const { cache } = setup()
  await cache.set(KEY, TOKENS)
  await cache.set('other', { ...TOKENS, accessToken: 'other' })
  const tab2 = createTokenCache<Tokens>(createIndexedDbStore(), createSealer(createIndexedDbStore()))
  expect(await tab2.get(KEY)).toEqual(TOKENS)
  expect((await tab2.get('other'))?.accessToken).toBe('other')
})

test.each([
  ['corrupted', { v: 2, iv: new Uint8Array(12), ct: new ArrayBuffer(40) }],
  ['wrong version', { v: 0, token: 'plain' }],
  ['not a record', 'garbage'],
])('a %s record reads as missing and is deleted', async (_name, record) => {
  const { store, cache } = setup()
  await store.set('tokens:' + KEY, record)
  expect(await cache.get(KEY)).toBeUndefined()
  expect(await store.get('tokens:' + KEY)).toBeUndefined()
})

test('a record under a replaced key reads as missing and is deleted', async () => {
  const { store, cache } = setup()
  await cache.set(KEY, TOKENS)
  await store.set(
    'key',
    await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']),
  )
  expect(await cache.get(KEY)).toBeUndefined()
  expect(await store.get('tokens:' + KEY)).toBeUndefined()
})

test('set with `replacing` deletes the records under that prefix in the same step', async () => {
  const { store, cache } = setup()
  await cache.set('c|a', TOKENS)
  await cache.set('c|b', TOKENS)
  await cache.set('other|a', TOKENS)
  await cache.set('c|new', { ...TOKENS, accessToken: 'new' }, 'c|')
  expect(
    (await store.entries())
      .map(([key]) => key)
      .filter((key) => key !== 'key')
      .sort(),
  ).toEqual(['tokens:c|new', 'tokens:other|a'])
  expect((await cache.get('c|new'))?.accessToken).toBe('new')
})
