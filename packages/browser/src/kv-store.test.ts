import { AUTH_STORAGE_UNAVAILABLE, isAuthError, type AuthError } from '@lanyard/core'
import { IDBDatabase, IDBObjectStore } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createIndexedDbStore, createMemoryStore, keysStartingWith, type KeyValueStore } from './kv-store.ts'
import { createResilientStore } from './resilient-store.ts'
import { freshIndexedDb } from './test-utils/idb.ts'

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeEach(() => void freshIndexedDb())
afterEach(() => void vi.unstubAllGlobals())

// Two stores on one database stand for two tabs: separate connections, shared data.
describe.each([
  ['indexeddb', createIndexedDbStore, true],
  ['memory', createMemoryStore, false],
] as const)('%s store', (_name, create, shared) => {
  const pair = (): [KeyValueStore, KeyValueStore] => {
    const one = create()
    return [one, shared ? create() : one]
  }

  test('set, get, del and entries round-trip', async () => {
    const store = create()
    expect(await store.get('a')).toBeUndefined()
    await store.set('a', { n: 1, bytes: new Uint8Array([1, 2]) })
    await store.set('b', 'two')
    expect(await store.get('a')).toEqual({ n: 1, bytes: new Uint8Array([1, 2]) })
    expect((await store.entries()).sort()).toEqual([
      ['a', { n: 1, bytes: new Uint8Array([1, 2]) }],
      ['b', 'two'],
    ])
    await store.del('a')
    expect(await store.get('a')).toBeUndefined()
    expect(await store.entries()).toEqual([['b', 'two']])
  })

  test('two concurrent takes: exactly one gets the value, and it is gone', async () => {
    const [one, two] = pair()
    await one.set('k', 'v')
    const results = await Promise.all([one.take('k'), two.take('k'), one.take('k'), two.take('k')])
    expect(results.filter((r) => r === 'v')).toHaveLength(1)
    expect(results.filter((r) => r === undefined)).toHaveLength(3)
    expect(await two.get('k')).toBeUndefined()
  })

  test('concurrent getOrSet callers all get the one stored value', async () => {
    const [one, two] = pair()
    const create = (value: string) => async () => {
      await delay(5)
      return value
    }
    const results = await Promise.all([one.getOrSet('k', create('a')), two.getOrSet('k', create('b'))])
    expect(results[0]).toBe(results[1])
    expect(await one.get('k')).toBe(results[0])
    expect(await two.getOrSet('k', create('c'))).toBe(results[0])
  })

  test('replace deletes every key with the prefix and sets the entries, seen by another tab', async () => {
    const [one, two] = pair()
    await Promise.all([one.set('t:a|1', 1), one.set('t:a|2', 2), one.set('t:ab|1', 3), one.set('x', 4)])
    await one.replace('t:a|', [['t:a|3', 5]])
    expect(new Map(await two.entries())).toEqual(
      new Map<string, number>([
        ['t:a|3', 5],
        ['t:ab|1', 3],
        ['x', 4],
      ]),
    )
    await two.replace('t:', [])
    expect(await one.entries()).toEqual([['x', 4]])
  })

  test('getOrSet keeps an existing value without creating one', async () => {
    const store = create()
    await store.set('k', 'old')
    const make = vi.fn(async () => 'new')
    expect(await store.getOrSet('k', make)).toBe('old')
    expect(make).not.toHaveBeenCalled()
  })
})

test('reads issued together share one IndexedDB transaction', async () => {
  const store = createIndexedDbStore()
  await store.set('a', 1)
  await store.set('b', 2)
  const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction')
  expect(await Promise.all([store.get('a'), store.get('b'), store.get('none')])).toEqual([1, 2, undefined])
  expect(transaction).toHaveBeenCalledOnce()
  expect(await store.get('b')).toBe(2)
  expect(transaction).toHaveBeenCalledTimes(2)
})

test('a take issued with reads joins their transaction, made readwrite: the value is gone for every tab', async () => {
  const store = createIndexedDbStore()
  await Promise.all([store.set('a', 1), store.set('tx', 'once')])
  const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction')
  transaction.mockClear() // (the spy of an earlier test, if any)
  const [a, taken, again] = await Promise.all([store.get('a'), store.take('tx'), store.take('tx')])
  expect([a, taken, again]).toEqual([1, 'once', undefined])
  expect(transaction.mock.calls.map(([, mode]) => mode)).toEqual(['readwrite'])
  expect(await createIndexedDbStore().get('tx')).toBeUndefined()
})

test('a read that rides with a take answers at once; the take only once its transaction committed', async () => {
  const store = createIndexedDbStore()
  await Promise.all([store.set('a', 1), store.set('tx', 'once')])
  const order: string[] = []
  vi.restoreAllMocks() // (an earlier test's spy, else it would wrap itself)
  const original = IDBDatabase.prototype.transaction
  const spy = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (
    this: IDBDatabase,
    ...args: Parameters<IDBDatabase['transaction']>
  ) {
    const transaction = original.apply(this, args)
    transaction.addEventListener('complete', () => order.push('committed'))
    return transaction
  })
  try {
    await Promise.all([
      store.get('a').then(() => order.push('read')),
      store.take('tx').then(() => order.push('taken')),
    ])
  } finally {
    spy.mockRestore()
  }
  expect(order).toEqual(['read', 'committed', 'taken'])
})

test('a replace deletes the prefix with no read first: one round trip', async () => {
  const store = createIndexedDbStore()
  await Promise.all([store.set('t:a', 1), store.set('t:b', 2), store.set('u:a', 3)])
  vi.restoreAllMocks() // (an earlier test's spy)
  const reads = vi.spyOn(IDBObjectStore.prototype, 'getAllKeys')
  await store.replace('t:', [['t:c', 4]])
  expect(reads).not.toHaveBeenCalled()
  expect((await store.entries()).sort()).toEqual([
    ['t:c', 4],
    ['u:a', 3],
  ])
})

test('keysStartingWith is exactly the keys with the prefix', () => {
  const keys = ['t:', 't:a', 't:a|', 't:a|x', 't:a|\uffff', 't:a|\uffffz', 't:a}', 't:b', 's', '']
  const within = (prefix: string) => keys.filter((key) => keysStartingWith(prefix).includes(key))
  expect(within('t:a|')).toEqual(['t:a|', 't:a|x', 't:a|\uffff', 't:a|\uffffz'])
  expect(within('t:a|\uffff')).toEqual(['t:a|\uffff', 't:a|\uffffz'])
  expect(within('')).toEqual(keys)
})

test('a replace that fails changes nothing', async () => {
  const store = createIndexedDbStore()
  await store.set('t:1', 1)
  await expect(store.replace('t:', [['t:2', () => 'not cloneable']])).rejects.toThrow()
  expect(await store.entries()).toEqual([['t:1', 1]])
})

test('the IndexedDB store touches nothing until first used', async () => {
  const factory = freshIndexedDb()
  const open = vi.spyOn(factory, 'open')
  const store = createIndexedDbStore()
  expect(open).not.toHaveBeenCalled()
  await store.get('x')
  expect(open).toHaveBeenCalledWith('lanyard')
})

// The store a client uses: IndexedDB, bounded and retried, memory after a fault (resilient-store.ts).
describe('IndexedDB behind the resilient store', () => {
  const fallback = (primary: KeyValueStore) => {
    const onFallback = vi.fn<(error: AuthError) => void>()
    return { store: createResilientStore(primary, { timeoutMs: 5_000, onFallback }), onFallback }
  }

  test('uses the primary while it works', async () => {
    const { store, onFallback } = fallback(createIndexedDbStore())
    await store.set('k', 'v')
    expect(await createIndexedDbStore().get('k')).toBe('v')
    expect(onFallback).not.toHaveBeenCalled()
  })

  test('without IndexedDB: memory, one warning, no crash', async () => {
    vi.stubGlobal('indexedDB', undefined)
    const { store, onFallback } = fallback(createIndexedDbStore())
    await store.set('k', 'v')
    expect(await store.get('k')).toBe('v')
    expect(await store.take('k')).toBe('v')
    expect(await store.getOrSet('g', async () => 1)).toBe(1)
    expect(await store.entries()).toEqual([['g', 1]])
    expect(onFallback).toHaveBeenCalledTimes(1)
    const error = onFallback.mock.calls[0]?.[0]
    expect(isAuthError(error, AUTH_STORAGE_UNAVAILABLE)).toBe(true)
    expect(error?.name).toBe('StorageError') // the name of AUTH_STORAGE_UNAVAILABLE
    expect(error?.cause).toBeInstanceOf(Error)
  })

  test('when opening IndexedDB throws (e.g. InvalidStateError)', async () => {
    const failure = new DOMException('no', 'InvalidStateError')
    vi.stubGlobal('indexedDB', {
      open() {
        throw failure
      },
    })
    const { store, onFallback } = fallback(createIndexedDbStore())
    expect(await store.get('k')).toBeUndefined()
    await store.set('k', 'v')
    expect(await store.get('k')).toBe('v')
    expect(onFallback).toHaveBeenCalledOnce()
    expect(onFallback.mock.calls[0]?.[0].cause).toBe(failure)
  })

  test('an operation that rejects switches for good and is retried in memory', async () => {
    const quota = new DOMException('full', 'QuotaExceededError')
    const primary = createMemoryStore()
    const set = vi.spyOn(primary, 'set').mockRejectedValue(quota)
    const get = vi.spyOn(primary, 'get')
    const { store, onFallback } = fallback(primary)
    await Promise.all([store.set('a', 1), store.set('b', 2)])
    expect(await store.get('a')).toBe(1)
    expect(await store.get('b')).toBe(2)
    expect(get).not.toHaveBeenCalled()
    expect(set).toHaveBeenCalledTimes(4) // each write tried twice on disk
    expect(onFallback).toHaveBeenCalledOnce()
    expect(onFallback.mock.calls[0]?.[0].cause).toBe(quota)
  })

  test("getOrSet's failing create fails in memory too: the caller gets its error", async () => {
    const { store, onFallback } = fallback(createIndexedDbStore())
    const boom = new Error('create failed')
    await expect(store.getOrSet('k', () => Promise.reject(boom))).rejects.toBe(boom)
    expect(onFallback).toHaveBeenCalledOnce()
  })
})
