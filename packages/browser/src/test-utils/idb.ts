import { IDBDatabase, IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { vi } from 'vitest'

/**
 * Gives this test an empty IndexedDB (undo with `vi.unstubAllGlobals()`), and an empty
 * sessionStorage (where a tab keeps its session hint): a new browser profile.
 */
export function freshIndexedDb(): IDBFactory {
  sessionStorage.clear()
  const factory = new IDBFactory()
  vi.stubGlobal('indexedDB', factory)
  vi.stubGlobal('IDBKeyRange', IDBKeyRange)
  return factory
}

/** Everything stored in `lanyard`/`v1`, read past idb-keyval, with binary data as latin1 text. */
export async function dumpStore(): Promise<string> {
  const open = indexedDB.open('lanyard')
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    open.onsuccess = () => resolve(open.result)
    open.onerror = () => reject(open.error)
  })
  const request = db.transaction('v1').objectStore('v1').getAll()
  const values = await new Promise<unknown[]>(
    (resolve) => (request.onsuccess = () => resolve(request.result)),
  )
  db.close()
  const text = (bytes: ArrayBuffer | ArrayBufferView) =>
    String.fromCharCode(
      ...(ArrayBuffer.isView(bytes)
        ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : new Uint8Array(bytes)),
    )
  return JSON.stringify(values, (_key, value: unknown) =>
    value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? text(value) : value,
  )
}

/**
 * Holds the commit (the `complete` event) of the next `count` readwrite IndexedDB transactions
 * until `release()`: what happens while a write is still committing. With `abort`, their
 * transactions report an abort instead, after committing (a store's fault at the last step).
 * Undo with `vi.restoreAllMocks()`.
 */
export function holdReadwriteCommits({ count = Infinity, abort = false } = {}): { release(): void } {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  vi.restoreAllMocks() // (an earlier spy on transaction would wrap itself)
  const create = IDBDatabase.prototype.transaction
  let held = 0
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (
    this: IDBDatabase,
    ...args: Parameters<IDBDatabase['transaction']>
  ) {
    const transaction = create.apply(this, args)
    if (args[1] !== 'readwrite' || held++ >= count) return transaction
    const dispatch = transaction.dispatchEvent.bind(transaction)
    transaction.dispatchEvent = (event: Event) => {
      if (event.type !== 'complete') return dispatch(event)
      // (fake-indexeddb dispatches its own event class)
      const Abort = event.constructor as typeof Event
      void released.then(() => dispatch(abort ? new Abort('abort') : event))
      return true
    }
    return transaction
  })
  return { release }
}
