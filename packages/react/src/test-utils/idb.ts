// Copied from packages/browser/src/test-utils/idb.ts.
import { IDBFactory } from 'fake-indexeddb'
import { vi } from 'vitest'

/** Gives this test an empty IndexedDB (undo with `vi.unstubAllGlobals()`). */
export function freshIndexedDb(): IDBFactory {
  const factory = new IDBFactory()
  vi.stubGlobal('indexedDB', factory)
  return factory
}
