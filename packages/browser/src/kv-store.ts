import { del, entries, promisifyRequest, set, type UseStore } from 'idb-keyval'

/** The persistence port: async key-value storage shared by every tab of the origin. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  del(key: string): Promise<void>
  /**
   * Reads and deletes `key` atomically (or puts what `replace` makes of the value in its place, when
   * that is not undefined): of two concurrent takers (any tabs), only one gets the value. Resolves
   * once the take is done (committed); `read` is told the value as soon as it is read.
   */
  take<T>(
    key: string,
    replace?: (value: unknown) => unknown,
    read?: (value: unknown) => void,
  ): Promise<T | undefined>
  /**
   * Returns the value at `key`, or stores and returns `create()`'s when there is none (or, with
   * `valid`, none it accepts); concurrent callers all get the same value.
   */
  getOrSet<T>(key: string, create: () => Promise<T>, valid?: (value: unknown) => boolean): Promise<T>
  entries<T>(): Promise<[string, T][]>
  /** Deletes every key that starts with `prefix`, then sets `entries`: one atomic step. */
  replace(prefix: string, entries: [string, unknown][]): Promise<void>
  /** Resolves once none of this store's transactions is open (stores without any: at once). */
  idle?(): Promise<void>
}

/**
 * A {@link KeyValueStore} on IndexedDB (`lanyard` / `v1`), opened on first use (at once, by the
 * first read). Reads and takes issued before their transaction starts (the same task, or while the
 * database opens) share it: readonly, or readwrite when a take joined.
 */
export function createIndexedDbStore(): KeyValueStore {
  let connection: Promise<IDBDatabase> | undefined
  // idb-keyval's createStore, except that the batch below picks its mode when it starts.
  const open = () => {
    if (!connection) {
      const request = indexedDB.open('lanyard')
      request.onupgradeneeded = () => request.result.createObjectStore('v1')
      const opening = (connection = promisifyRequest(request))
      opening.then(
        (db) => (db.onclose = () => (connection = undefined)), // e.g. the user cleared site data
        () => (connection = undefined),
      )
    }
    return connection
  }
  // Transactions not yet ended, counted from the request (a batch waits for the database to open).
  // A page that leaves with one open (frozen in the back/forward cache) holds its lock: the next
  // page's first readwrite transaction (a callback's take) waits until the browser evicts the
  // frozen page, ~70 ms in Chromium. So a page about to leave waits for `idle()`.
  let openTransactions = 0
  const whenIdle: (() => void)[] = []
  const idle = () =>
    openTransactions === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenIdle.push(resolve))
  const withTransaction = <R>(
    mode: () => IDBTransactionMode,
    run: (store: IDBObjectStore) => R | PromiseLike<R>,
  ): Promise<R> => {
    openTransactions++
    let counted = true
    const ended = () => {
      if (!counted) return
      counted = false
      if (--openTransactions === 0) for (const wake of whenIdle.splice(0)) wake()
    }
    return open()
      .then((db) => {
        const transaction = db.transaction('v1', mode())
        transaction.addEventListener('complete', ended)
        transaction.addEventListener('abort', ended)
        return run(transaction.objectStore('v1'))
      })
      .catch((error: unknown) => {
        ended()
        throw error
      })
  }
  const use: UseStore = (mode, callback) => withTransaction(() => mode, callback)
  // `taken`: what takes of this transaction leave at their keys (what a second take of one gets).
  type Step = (store: IDBObjectStore, taken: Map<string, Promise<unknown>>) => Promise<unknown>
  interface Pending {
    step: Step
    write: boolean
    resolve(value: unknown): void
    reject(error: unknown): void
  }
  let batch: { pending: Pending[]; write: boolean } | undefined
  const batched = <T>(step: Step, write = false): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!batch) {
        const next = { pending: [] as Pending[], write: false }
        // (If the transaction never starts, the store has failed: the fallback store leaves it for good.)
        // (The mode is read when the database is open: a take that joined until then makes it readwrite.)
        const running = withTransaction(
          () => (next.write ? 'readwrite' : 'readonly'),
          (store) => {
            batch = undefined
            const taken = new Map<string, Promise<unknown>>()
            const committed = next.write ? promisifyRequest(store.transaction) : undefined
            const results = next.pending.map((pending) => {
              const result = pending.step(store, taken)
              // A read answers as soon as it is done (a callback page links its provider meanwhile);
              // a take has happened only once its transaction committed: one that aborts (quota,
              // I/O) puts the record back, and the callback must not have been exchanged meanwhile.
              const settled = pending.write
                ? Promise.all([result, committed]).then(([value]) => value)
                : result
              settled.then(pending.resolve, pending.reject)
              return settled
            })
            return Promise.all([...results, committed])
          },
        )
        batch = next // (not when opening threw at once)
        running.catch((error: unknown) => {
          for (const pending of next.pending) pending.reject(error)
        })
      }
      batch.write ||= write
      batch.pending.push({ step, write, resolve: resolve as (value: unknown) => void, reject })
    })
  const get = <T>(key: string) => batched<T | undefined>((store) => promisifyRequest(store.get(key)))
  // Reads `key` then calls `step` inside the same readwrite transaction, so nothing runs in between;
  // resolves once the transaction has committed.
  const atomic = <R>(key: string, step: (old: unknown, store: IDBObjectStore) => R) =>
    use('readwrite', (store) => {
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
    set: (key, value) => set(key, value, use),
    del: (key) => del(key, use),
    // A callback page's take rides with the start-up reads: one transaction before the token request.
    take: <T>(key: string, replace?: (value: unknown) => unknown, read?: (value: unknown) => void) =>
      batched<T | undefined>((store, taken) => {
        const before = taken.get(key)
        if (before) return before.then((value) => (read?.(value), value))
        const request = store.get(key)
        // Deleted (or replaced) in the success handler itself, while the transaction is surely active.
        request.addEventListener('success', () => {
          if (request.result !== undefined) {
            const replacement = replace?.(request.result)
            if (replacement === undefined) store.delete(key)
            else store.put(replacement, key)
          }
          read?.(request.result)
        })
        const value = promisifyRequest(request)
        taken.set(
          key,
          value.then((old) => (old === undefined ? undefined : replace?.(old))),
        )
        return value
      }, true),
    async getOrSet<T>(
      key: string,
      create: () => Promise<T>,
      valid = (value: unknown) => value !== undefined,
    ) {
      const found = await get<T>(key)
      if (valid(found)) return found as T
      // IndexedDB transactions cannot span an await on other work: build the candidate first.
      const candidate = await create()
      return atomic(key, (old, store) => {
        if (valid(old)) return old as T
        store.put(candidate, key)
        return candidate
      })
    },
    entries: <T>() => entries<string, T>(use),
    replace: (prefix, pairs) =>
      use('readwrite', (store) => {
        // Every key that starts with `prefix` (keys are text), deleted with no read first: a login's
        // tokens are stored one round trip sooner.
        store.delete(keysStartingWith(prefix))
        try {
          for (const [key, value] of pairs) store.put(value, key)
        } catch (error) {
          store.transaction.abort() // a put refused (e.g. not cloneable): nothing is deleted either
          throw error
        }
        return promisifyRequest(store.transaction)
      }),
    idle,
  }
}

/**
 * Every text key that starts with `prefix`: from `prefix` up to, not including, the first text
 * after all of them (its last code unit below U+FFFF, plus one).
 */
export function keysStartingWith(prefix: string): IDBKeyRange {
  const stem = prefix.replace(/\uffff+$/, '')
  if (!stem) return IDBKeyRange.lowerBound(prefix)
  const after = stem.slice(0, -1) + String.fromCharCode(stem.charCodeAt(stem.length - 1) + 1)
  return IDBKeyRange.bound(prefix, after, false, true)
}

/** A {@link KeyValueStore} in this tab's memory: lost on reload, not shared. */
export function createMemoryStore(): KeyValueStore {
  const map = new Map<string, unknown>()
  return {
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => void map.set(key, value),
    del: async (key) => void map.delete(key),
    async take<T>(key: string, replace?: (value: unknown) => unknown, read?: (value: unknown) => void) {
      const value = map.get(key) as T | undefined
      read?.(value)
      if (value === undefined) return undefined
      const replacement = replace?.(value)
      if (replacement === undefined) map.delete(key)
      else map.set(key, replacement)
      return value
    },
    async getOrSet<T>(
      key: string,
      create: () => Promise<T>,
      valid = (value: unknown) => value !== undefined,
    ) {
      if (!valid(map.get(key))) {
        const candidate = await create()
        if (!valid(map.get(key))) map.set(key, candidate)
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
