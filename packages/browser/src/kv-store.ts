import { createStore, del, entries, promisifyRequest, set, type UseStore } from 'idb-keyval'

/** The persistence port: async key-value storage shared by every tab of the origin. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  del(key: string): Promise<void>
  /** Reads and deletes `key` atomically: of two concurrent takers (any tabs), only one gets the value. */
  take<T>(key: string): Promise<T | undefined>
  /** Returns the value at `key`, or stores and returns `create()`'s; concurrent callers all get the same value. */
  getOrSet<T>(key: string, create: () => Promise<T>): Promise<T>
  entries<T>(): Promise<[string, T][]>
  /** Deletes every key that starts with `prefix`, then sets `entries`: one atomic step. */
  replace(prefix: string, entries: [string, unknown][]): Promise<void>
}

/**
 * A {@link KeyValueStore} on IndexedDB (`lanyard` / `v1`), opened on first use (at once, by the
 * first read). Reads issued before their transaction starts (the same task, or while the database
 * opens) share it.
 */
export function createIndexedDbStore(): KeyValueStore {
  let db: UseStore | undefined
  let batch: string[] | undefined
  let values: Promise<unknown[]>
  const use = () => (db ??= createStore('lanyard', 'v1'))
  const get = async <T>(key: string) => {
    if (!batch) {
      const keys: string[] = []
      // (If the transaction never starts, the store has failed: the fallback store leaves it for good.)
      values = use()('readonly', (store) => {
        batch = undefined
        return Promise.all(keys.map((k) => promisifyRequest(store.get(k))))
      })
      batch = keys
    }
    const index = batch.push(key) - 1
    return (await values)[index] as T | undefined
  }
  // Reads `key` then calls `step` inside the same readwrite transaction, so nothing runs in between;
  // resolves once the transaction has committed.
  const atomic = <R>(key: string, step: (old: unknown, store: IDBObjectStore) => R) =>
    use()('readwrite', (store) => {
      let out: R
      const request = store.get(key)
      request.onsuccess = () => {
        try {
          out = step(request.result, store)
        } catch {
          store.transaction.abort() // e.g. a put refused (quota): the operation fails, not the page
        }
      }
      return promisifyRequest(store.transaction).then(() => out)
    })
  return {
    get,
    set: (key, value) => set(key, value, use()),
    del: (key) => del(key, use()),
    take: <T>(key: string) =>
      atomic(key, (old, store) => {
        if (old !== undefined) store.delete(key)
        return old as T | undefined
      }),
    async getOrSet<T>(key: string, create: () => Promise<T>) {
      const found = await get<T>(key)
      if (found !== undefined) return found
      // IndexedDB transactions cannot span an await on other work: build the candidate first.
      const candidate = await create()
      return atomic(key, (old, store) => {
        if (old !== undefined) return old as T
        store.put(candidate, key)
        return candidate
      })
    },
    entries: <T>() => entries<string, T>(use()),
    replace: (prefix, pairs) =>
      use()('readwrite', (store) => {
        const keys = store.getAllKeys()
        // A put that throws here aborts the whole transaction: nothing is deleted either.
        keys.onsuccess = () => {
          for (const key of keys.result) if (String(key).startsWith(prefix)) store.delete(key)
          for (const [key, value] of pairs) store.put(value, key)
        }
        return promisifyRequest(store.transaction)
      }),
  }
}

/** A {@link KeyValueStore} in this tab's memory: lost on reload, not shared. */
export function createMemoryStore(): KeyValueStore {
  const map = new Map<string, unknown>()
  return {
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => void map.set(key, value),
    del: async (key) => void map.delete(key),
    async take<T>(key: string) {
      const value = map.get(key) as T | undefined
      map.delete(key)
      return value
    },
    async getOrSet<T>(key: string, create: () => Promise<T>) {
      if (!map.has(key)) {
        const candidate = await create()
        if (!map.has(key)) map.set(key, candidate)
      }
      return map.get(key) as T
    },
    entries: async <T>() => [...map] as [string, T][],
    async replace(prefix, pairs) {
      for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key)
      for (const [key, value] of pairs) map.set(key, value)
    },
  }
}
