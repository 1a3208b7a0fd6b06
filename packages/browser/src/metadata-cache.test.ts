import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createIndexedDbStore } from './kv-store.ts'
import { createMetadataCache, freshFor, type MetadataRecord } from './metadata-cache.ts'
import { createSealer } from './sealed-box.ts'
import { dumpStore, freshIndexedDb } from './test-utils/idb.ts'

const ISSUER = 'https://op.example'
const RECORD: MetadataRecord = {
  as: { issuer: ISSUER, token_endpoint: `${ISSUER}/token-endpoint-path` },
  jwks: { jwks: { keys: [{ kty: 'EC', kid: 'key-id-1' }] }, uat: 1_700_000_000 },
  staleAt: 1_700_003_600_000,
}

beforeEach(() => void freshIndexedDb())
afterEach(() => void vi.unstubAllGlobals())

const setup = () => {
  const kv = createIndexedDbStore()
  return { kv, cache: createMetadataCache(kv, createSealer(kv), ISSUER) }
}

test.each([
  ['public, max-age=7200', 7200],
  ['max-age=86400, must-revalidate', 86_400],
  [null, 3600], // none: 1 hour
  ['no-cache', 3600],
  ['max-age=15, stale-while-revalidate=15', 900], // at least 15 minutes: a login outlives it
  ['max-age=0', 900],
  ['max-age=31536000', 86_400], // at most a day
])('a document with Cache-Control %s is fresh for %i s', (cacheControl, seconds) => {
  expect(freshFor(cacheControl)).toBe(seconds * 1000)
})

test('the record round-trips sealed: a dump of the store shows none of it', async () => {
  const { cache } = setup()
  expect(await cache.get()).toBeUndefined()
  await cache.set(RECORD)
  expect(await cache.get()).toEqual(RECORD)
  const dump = await dumpStore()
  for (const plain of ['token-endpoint-path', 'key-id-1', 'op.example']) expect(dump).not.toContain(plain)
})

test('one per issuer', async () => {
  const { kv, cache } = setup()
  await cache.set(RECORD)
  expect(await createMetadataCache(kv, createSealer(kv), 'https://other.example').get()).toBeUndefined()
})

test.each([
  ['unreadable', { v: 1, iv: new Uint8Array(12), ct: new ArrayBuffer(40) }],
  ['not sealed', RECORD],
])('an %s record reads as missing', async (_name, value) => {
  const { kv, cache } = setup()
  await kv.set(`meta:${ISSUER}`, value)
  expect(await cache.get()).toBeUndefined()
})
