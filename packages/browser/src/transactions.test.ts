import { IDBDatabase } from 'fake-indexeddb'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createIndexedDbStore } from './kv-store.ts'
import { createSealer } from './sealed-box.ts'
import { createTransactionStore } from './transactions.ts'
import { dumpStore, freshIndexedDb, holdReadwriteCommits } from './test-utils/idb.ts'

interface Tx {
  codeVerifier: string
  createdAt: number
}

let clock = 1_000_000
const now = () => clock
const tx = (codeVerifier = 'verifier-s3cr3t-abcdef', createdAt = clock): Tx => ({ codeVerifier, createdAt })

beforeEach(() => {
  freshIndexedDb()
  clock = 1_000_000
})
afterEach(() => void vi.unstubAllGlobals())

const setup = (maxAgeMs?: number) => {
  const store = createIndexedDbStore()
  const sealer = createSealer(store)
  const options = maxAgeMs === undefined ? { now } : { now, maxAgeMs }
  return { store, sealer, txs: createTransactionStore<Tx>(store, sealer, options) }
}

const USED = { used: 1, createdAt: 1_000_000 }

test('put then take once: single use, sealed under tx:<state>; a replay gets the used mark', async () => {
  const { store, txs } = setup()
  const t = tx()
  await txs.put('s1', t)
  expect(await store.get('tx:s1')).toMatchObject({ v: 2 })
  expect(await dumpStore()).not.toContain(t.codeVerifier)
  expect(await txs.take('s1')).toEqual(t)
  expect(await txs.take('s1')).toEqual(USED)
  expect(await txs.peek('s1')).toEqual(USED)
  expect(await txs.take('unknown')).toBeUndefined()
  expect(await store.get('tx:unknown')).toBeUndefined() // an unknown state leaves nothing
})

test('the take leaves its used mark in the same IndexedDB transaction', async () => {
  const { txs } = setup()
  await txs.put('s', tx())
  const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction')
  transaction.mockClear()
  expect(await txs.take('s')).toEqual(tx())
  expect(transaction.mock.calls.map(([, mode]) => mode)).toEqual(['readwrite'])
  expect(
    await createTransactionStore<Tx>(createIndexedDbStore(), createSealer(createIndexedDbStore()), {
      now,
    }).peek('s'),
  ).toEqual(USED)
})

test('two tabs taking the same state concurrently: exactly one gets it', async () => {
  const { txs } = setup()
  await txs.put('s', tx())
  const store2 = createIndexedDbStore()
  const other = createTransactionStore<Tx>(store2, createSealer(store2), { now })
  const results = await Promise.all([txs.take('s'), other.take('s'), txs.take('s'), other.take('s')])
  expect(results.filter((result) => result && !('used' in result))).toEqual([tx()])
  expect(results.filter((result) => result && 'used' in result)).toHaveLength(3)
})

test('peek reads without consuming', async () => {
  const { txs } = setup()
  await txs.put('s', tx())
  expect(await txs.peek('s')).toEqual(tx())
  expect(await txs.peek('s')).toEqual(tx())
  expect(await txs.take('s')).toEqual(tx())
  expect(await txs.peek('s')).toEqual(USED)
})

test('transactions expire after 10 minutes by default; an expired take leaves nothing (a replay is unknown too)', async () => {
  const { store, txs } = setup()
  await txs.put('s', tx())
  clock += 599_999
  expect(await txs.peek('s')).toBeDefined()
  clock += 1
  expect(await txs.peek('s')).toBeUndefined()
  expect(await store.get('tx:s')).toBeDefined()
  expect(await txs.take('s')).toBeUndefined()
  expect(await store.get('tx:s')).toBeUndefined()
  expect(await txs.take('s')).toBeUndefined()
})

test('a used mark lives as long as its transaction would have', async () => {
  const { txs } = setup()
  await txs.put('s', tx())
  clock += 300_000
  expect(await txs.take('s')).toEqual(tx(undefined, 1_000_000))
  expect(await txs.peek('s')).toEqual(USED)
  clock += 300_000
  expect(await txs.peek('s')).toBeUndefined()
})

test('maxAgeMs is honoured', async () => {
  const { txs } = setup(1000)
  await txs.put('s', tx())
  clock += 1000
  expect(await txs.take('s')).toBeUndefined()
})

test('sweep deletes expired and unreadable transactions, nothing else', async () => {
  const { store, txs } = setup()
  await txs.put('old', tx())
  await txs.put('taken-early', tx())
  await txs.take('taken-early') // its mark expires with the old transaction
  clock += 300_000
  await txs.put('fresh', tx())
  await store.set('tx:broken', 'garbage')
  await store.set('tokens:x', 'not a transaction')
  clock += 300_000
  await txs.put('taken-late', tx())
  await txs.take('taken-late')
  await txs.sweep()
  const keys = (await store.entries()).map(([key]) => key).sort()
  expect(keys).toEqual(['key', 'tokens:x', 'tx:fresh', 'tx:taken-late'])
  expect(await txs.take('fresh')).toBeDefined()
})

test('takeEarly answers once the record is read; `done` settles once the take committed, and it was one', async () => {
  const { txs } = setup()
  await txs.put('s', tx())
  const { release } = holdReadwriteCommits()
  const [taken, done] = await txs.takeEarly('s') // answered with the commit held
  expect(taken).toEqual(tx())
  let committed = false
  void done.then(() => (committed = true))
  await new Promise((resolve) => setTimeout(resolve, 10))
  expect(committed).toBe(false)
  release()
  await done
  vi.restoreAllMocks()
  expect(await txs.take('s')).toEqual(USED) // a replay gets the mark
  expect(await txs.takeEarly('unknown').then(([value]) => value)).toBeUndefined()
})
