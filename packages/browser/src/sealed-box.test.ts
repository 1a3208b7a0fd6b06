import { IDBDatabase } from 'fake-indexeddb'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createIndexedDbStore } from './kv-store.ts'
import { createSealer, type Sealed } from './sealed-box.ts'
import { dumpStore, freshIndexedDb } from './test-utils/idb.ts'

const SECRET = 'refresh-token-s3cr3t-value'

beforeEach(() => void freshIndexedDb())
afterEach(() => void vi.unstubAllGlobals())

test('seal then open returns the value', async () => {
  const sealer = createSealer(createIndexedDbStore())
  const value = { token: SECRET, n: 1, nested: { ok: true } }
  expect(await sealer.open(await sealer.seal(value))).toEqual(value)
})

test('a dump of the store holds no plaintext, and the key is not extractable', async () => {
  const store = createIndexedDbStore()
  const sealer = createSealer(store)
  await store.set('record', await sealer.seal({ token: SECRET }))
  const dump = await dumpStore()
  expect(dump).toContain('"v":1')
  expect(dump).not.toContain(SECRET)
  expect(dump).not.toContain(btoa(SECRET).slice(0, 12))
  const key = await store.get<CryptoKey>('key')
  expect(key).toBeInstanceOf(CryptoKey)
  expect(key?.extractable).toBe(false)
  await expect(crypto.subtle.exportKey('raw', key as CryptoKey)).rejects.toThrow()
})

test('every seal uses a fresh 12-byte IV', async () => {
  const sealer = createSealer(createIndexedDbStore())
  const [a, b] = await Promise.all([sealer.seal('same'), sealer.seal('same')])
  expect(a.iv).toHaveLength(12)
  expect(a.iv).not.toEqual(b.iv)
  expect(new Uint8Array(a.ct)).not.toEqual(new Uint8Array(b.ct))
})

test('tabs racing to create the key end up sharing one', async () => {
  const [one, two] = [createSealer(createIndexedDbStore()), createSealer(createIndexedDbStore())]
  const [a, b] = await Promise.all([one.seal('from one'), two.seal('from two')])
  expect(await two.open(a)).toBe('from one')
  expect(await one.open(b)).toBe('from two')
})

test('a record sealed under another key opens as undefined', async () => {
  const store = createIndexedDbStore()
  const sealer = createSealer(store)
  const sealed = await sealer.seal(SECRET)
  await store.set(
    'key',
    await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
  )
  expect(await sealer.open(sealed)).toBeUndefined()
})

test('corrupted or foreign records open as undefined, never throw', async () => {
  const sealer = createSealer(createIndexedDbStore())
  const good = await sealer.seal({ token: SECRET })
  const flipped = new Uint8Array(good.ct.slice(0))
  flipped[0] = (flipped[0] ?? 0) ^ 1
  const bad: unknown[] = [
    undefined,
    null,
    'text',
    42,
    {},
    { ...good, v: 2 },
    { ...good, iv: new Uint8Array(12) },
    { ...good, iv: 'nope' },
    { ...good, ct: flipped.buffer },
    { ...good, ct: good.ct.slice(0, 8) },
    { v: 1 },
  ]
  for (const sealed of bad) expect(await sealer.open(sealed)).toBeUndefined()
  expect(await sealer.open<{ token: string }>(good)).toEqual({ token: SECRET })
})

test('a sealed value whose plaintext is not JSON opens as undefined', async () => {
  const store = createIndexedDbStore()
  const sealer = createSealer(store)
  await sealer.seal(0) // creates the key
  const key = (await store.get<CryptoKey>('key')) as CryptoKey
  const iv = new Uint8Array(12)
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode('{not json'))
  const sealed: Sealed = { v: 1, iv, ct }
  expect(await sealer.open(sealed)).toBeUndefined()
})

test('read opens a record with the key read in the same transaction, and tells missing from unreadable', async () => {
  const store = createIndexedDbStore()
  const sealer = createSealer(store)
  await store.set('record', await sealer.seal({ token: SECRET }))
  await store.set('garbage', { v: 1, iv: new Uint8Array(12), ct: new ArrayBuffer(32) })
  const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction')
  expect(await sealer.read(store, 'record')).toEqual([expect.objectContaining({ v: 1 }), { token: SECRET }])
  expect(transaction).toHaveBeenCalledOnce()
  expect(await sealer.read(store, 'missing')).toEqual([undefined, undefined])
  expect(await sealer.read(store, 'garbage')).toEqual([expect.objectContaining({ v: 1 }), undefined])
})
