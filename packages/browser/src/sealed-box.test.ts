import { IDBDatabase } from 'fake-indexeddb'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createIndexedDbStore, createMemoryStore } from './kv-store.ts'
import { createSealer, type Sealed } from './sealed-box.ts'
import { dumpStore, freshIndexedDb } from './test-utils/idb.ts'

const SECRET = 'refresh-token-s3cr3t-value'

beforeEach(() => void freshIndexedDb())
afterEach(() => void vi.unstubAllGlobals())

test('seal then open returns the value', async () => {
  const sealer = createSealer(createIndexedDbStore())
  const value = { token: SECRET, n: 1, nested: { ok: true } }
  expect(await sealer.open(await sealer.seal(value, 'n'), 'n')).toEqual(value)
})

test('a dump of the store holds no plaintext, and the key is not extractable', async () => {
  const store = createIndexedDbStore()
  const sealer = createSealer(store)
  await store.set('record', await sealer.seal({ token: SECRET }, 'record'))
  const dump = await dumpStore()
  expect(dump).toContain('"v":2')
  expect(dump).not.toContain(SECRET)
  expect(dump).not.toContain(btoa(SECRET).slice(0, 12))
  const key = await store.get<CryptoKey>('key')
  expect(key).toBeInstanceOf(CryptoKey)
  expect(key?.extractable).toBe(false)
  await expect(crypto.subtle.exportKey('raw', key as CryptoKey)).rejects.toThrow()
})

test('every seal uses a fresh 12-byte IV', async () => {
  const sealer = createSealer(createIndexedDbStore())
  const [a, b] = await Promise.all([sealer.seal('same', 'n'), sealer.seal('same', 'n')])
  expect(a.iv).toHaveLength(12)
  expect(a.iv).not.toEqual(b.iv)
  expect(new Uint8Array(a.ct)).not.toEqual(new Uint8Array(b.ct))
})

test('tabs racing to create the key end up sharing one', async () => {
  const [one, two] = [createSealer(createIndexedDbStore()), createSealer(createIndexedDbStore())]
  const [a, b] = await Promise.all([one.seal('from one', 'n'), two.seal('from two', 'n')])
  expect(await two.open(a, 'n')).toBe('from one')
  expect(await one.open(b, 'n')).toBe('from two')
})

test('a record sealed under a key this origin never had opens as undefined', async () => {
  const sealer = createSealer(createIndexedDbStore())
  await sealer.seal(0, 'n') // creates the key
  const foreign = createSealer(createMemoryStore())
  expect(await sealer.open(await foreign.seal(SECRET, 'n'), 'n')).toBeUndefined()
})

test('the key is read once per page: sealing and opening after that touch no storage', async () => {
  const store = createIndexedDbStore()
  await createSealer(store).seal(0, 'n') // an earlier page made the key
  const sealer = createSealer(store)
  const get = vi.spyOn(store, 'get')
  const getOrSet = vi.spyOn(store, 'getOrSet')
  const sealed = await sealer.seal('x', 'n')
  expect(await sealer.open(sealed, 'n')).toBe('x')
  expect(await sealer.open(await sealer.seal('y', 'm'), 'm')).toBe('y')
  expect(getOrSet).toHaveBeenCalledOnce()
  get.mockClear()
  getOrSet.mockClear()
  const reload = createSealer(store)
  await reload.read(store, 'missing') // the read that starts a page also gets the key
  expect(await reload.open(sealed, 'n')).toBe('x')
  expect(get).toHaveBeenCalledTimes(2) // the record and the key, together
  expect(getOrSet).not.toHaveBeenCalled()
})

test('a key another tab replaced (its record was corrupted) is used once a record sealed under it turns up', async () => {
  const store = createIndexedDbStore()
  const [here, there] = [createSealer(store), createSealer(createIndexedDbStore())]
  await here.seal(0, 'n') // this tab knows the first key
  await store.set('key', 'corrupted')
  const sealed = await there.seal(SECRET, 'n') // the other tab replaces it, and seals with the new one
  expect(await here.open(sealed, 'n')).toBe(SECRET)
  expect(await there.open(await here.seal('back', 'n'), 'n')).toBe('back') // sealed with the new key
})

test('corrupted or foreign records open as undefined, never throw', async () => {
  const sealer = createSealer(createIndexedDbStore())
  const good = await sealer.seal({ token: SECRET }, 'n')
  const flipped = new Uint8Array(good.ct.slice(0))
  flipped[0] = (flipped[0] ?? 0) ^ 1
  const bad: unknown[] = [
    undefined,
    null,
    'text',
    42,
    {},
    { ...good, v: 1 }, // sealed before records were bound to their names
    { ...good, iv: new Uint8Array(12) },
    { ...good, iv: 'nope' },
    { ...good, ct: flipped.buffer },
    { ...good, ct: good.ct.slice(0, 8) },
    { v: 2 },
  ]
  for (const sealed of bad) expect(await sealer.open(sealed, 'n')).toBeUndefined()
  expect(await sealer.open<{ token: string }>(good, 'n')).toEqual({ token: SECRET })
})

test('a sealed value whose plaintext is not JSON opens as undefined', async () => {
  const store = createIndexedDbStore()
  const sealer = createSealer(store)
  await sealer.seal(0, 'n') // creates the key
  const key = (await store.get<CryptoKey>('key')) as CryptoKey
  const iv = new Uint8Array(12)
  const additionalData = new TextEncoder().encode('n')
  const plaintext = new TextEncoder().encode('{not json')
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plaintext)
  const sealed: Sealed = { v: 2, iv, ct }
  expect(await sealer.open(sealed, 'n')).toBeUndefined()
})

test('read opens a record with the key read in the same transaction, and tells missing from unreadable', async () => {
  const store = createIndexedDbStore()
  const sealer = createSealer(store)
  await store.set('record', await sealer.seal({ token: SECRET }, 'record'))
  await store.set('garbage', { v: 2, iv: new Uint8Array(12), ct: new ArrayBuffer(32) })
  const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction')
  expect(await sealer.read(store, 'record')).toEqual([expect.objectContaining({ v: 2 }), { token: SECRET }])
  expect(transaction).toHaveBeenCalledOnce()
  expect(await sealer.read(store, 'missing')).toEqual([undefined, undefined])
  expect(await sealer.read(store, 'garbage')).toEqual([expect.objectContaining({ v: 2 }), undefined])
})

test('a record is bound to its name: moved to another name, it opens as undefined', async () => {
  const store = createIndexedDbStore()
  const sealer = createSealer(store)
  // e.g. a transaction's sealed PKCE verifier copied over another state, or one client's tokens
  // over another's: whoever can write the database must not be able to swap records.
  await store.set('tokens:a', await sealer.seal({ token: 'for a' }, 'tokens:a'))
  await store.set('tokens:b', await store.get('tokens:a'))
  expect(await sealer.read(store, 'tokens:a')).toEqual([expect.anything(), { token: 'for a' }])
  expect(await sealer.read(store, 'tokens:b')).toEqual([expect.anything(), undefined])
  const sealed = await sealer.seal('x', 'one')
  expect(await sealer.open(sealed, 'one')).toBe('x')
  expect(await sealer.open(sealed, 'two')).toBeUndefined()
})

test('a store that loses the key (a tab moved to memory) still opens what this tab sealed', async () => {
  const disk = createIndexedDbStore()
  let lost = false
  // The resilient store after a fault: the same interface, an empty memory behind it.
  const memory = createMemoryStore()
  const store = new Proxy(disk, {
    get: (target, property) => Reflect.get(lost ? memory : target, property),
  })
  const sealer = createSealer(store)
  const sealed = await sealer.seal({ token: SECRET }, 'tokens:main')
  lost = true
  await store.set('tokens:main', sealed)
  expect(await sealer.read(store, 'tokens:main')).toEqual([sealed, { token: SECRET }])
  expect(await sealer.open(await sealer.seal('after', 'n'), 'n')).toBe('after')
})

test('two tabs that both find the key record corrupted end up with one key: what either seals opens in a new page', async () => {
  await createSealer(createIndexedDbStore()).seal(0, 'n') // an earlier page made the key
  await createIndexedDbStore().set('key', 'corrupted')
  const [one, two] = [createSealer(createIndexedDbStore()), createSealer(createIndexedDbStore())]
  await Promise.all([one.seal(1, 'n'), two.seal(2, 'n')]) // both find it corrupted
  const store = createIndexedDbStore()
  await store.set('tokens:1', await one.seal('from one', 'tokens:1'))
  await store.set('tokens:2', await two.seal('from two', 'tokens:2'))
  const page = createSealer(createIndexedDbStore())
  expect((await page.read(store, 'tokens:1'))[1]).toBe('from one')
  expect((await page.read(store, 'tokens:2'))[1]).toBe('from two')
})
