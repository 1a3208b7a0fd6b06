import { AUTH_STORAGE_UNAVAILABLE, AUTH_TIMEOUT, AuthError, isAuthError } from '@lanyard/core'
import { createMemoryStore, type KeyValueStore } from './kv-store.ts'

/** A {@link KeyValueStore} that always settles, and knows whether this tab still writes to disk. */
export interface ResilientStore extends KeyValueStore {
  /** Resolves once no IndexedDB transaction of the page is open (at most `timeoutMs`; at once after a fault). */
  idle(): Promise<void>
  /** True once this tab works from memory: what it writes is not on disk, where other tabs look. */
  degraded(): boolean
  /**
   * Deletes the disk records whose keys start with `prefix`, whatever the mode (logout must end the
   * session on disk): retried, then the whole database as a last resort. Rejects with
   * `AUTH_STORAGE_UNAVAILABLE` when the disk may still hold them.
   */
  purgeDisk(prefix: string): Promise<void>
}

/** Options of {@link createResilientStore}. */
export interface ResilientStoreOptions {
  /** Bound of every disk operation: a hung IndexedDB fails instead of waiting forever. */
  timeoutMs: number
  /** Told once, when the tab moves to memory. */
  onFallback(error: AuthError): void
  /** Deletes the whole database (last resort of {@link ResilientStore.purgeDisk}). */
  deleteDatabase?: () => Promise<void>
}

/** Rejects with `AUTH_TIMEOUT` when `work` takes longer than `timeoutMs`. */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AuthError(AUTH_TIMEOUT, `${what}: ${timeoutMs} ms`)), timeoutMs)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Uses `primary` (IndexedDB) with every operation bounded and a failure retried once. When it
 * still fails, the tab moves to memory (one `onFallback`) and the failed key is deleted from disk
 * if it can be, so no tab (nor a reload) reads a record older than what this tab holds (e.g. a
 * refresh token already rotated: replaying it would end the grant).
 */
export function createResilientStore(primary: KeyValueStore, options: ResilientStoreOptions): ResilientStore {
  let memory: KeyValueStore | undefined
  // Async, so that a store that throws at once (no IndexedDB at all) rejects like any failure.
  const bounded = async <R>(op: (store: KeyValueStore) => Promise<R>) =>
    withTimeout(op(primary), options.timeoutMs, 'IndexedDB')
  const onDisk = async <R>(op: (store: KeyValueStore) => Promise<R>): Promise<R> => {
    try {
      return await bounded(op)
    } catch (error) {
      // A hung database does not answer a second time either: only a refusal is tried again.
      if (isAuthError(error, AUTH_TIMEOUT)) throw error
      return bounded(op)
    }
  }
  const run = async <R>(op: (store: KeyValueStore) => Promise<R>, ...writtenKeys: string[]): Promise<R> => {
    if (!memory) {
      try {
        return await onDisk(op)
      } catch (cause) {
        if (!memory) {
          memory = createMemoryStore()
          options.onFallback(new AuthError(AUTH_STORAGE_UNAVAILABLE, 'IndexedDB failed', { cause }))
        }
        for (const key of writtenKeys) await bounded((store) => store.del(key)).catch(() => {})
      }
    }
    return op(memory)
  }
  const deleteDatabase = options.deleteDatabase ?? defaultDeleteDatabase
  return {
    get: (key) => run((store) => store.get(key)),
    set: (key, value) => run((store) => store.set(key, value), key),
    del: (key) => run((store) => store.del(key), key),
    take: (key, replace, read) => run((store) => store.take(key, replace, read), key),
    getOrSet: (key, create, valid) => run((store) => store.getOrSet(key, create, valid)),
    entries: () => run((store) => store.entries()),
    replace: (prefix, pairs) => run((store) => store.replace(prefix, pairs), ...pairs.map(([key]) => key)),
    degraded: () => !!memory,
    // Bounded: a hung database must not keep the page from leaving (and after a fault, a transaction
    // that never ended would: none is waited for then).
    idle: async () => {
      if (memory || !primary.idle) return
      await withTimeout(primary.idle(), options.timeoutMs, 'IndexedDB').catch(() => {})
    },
    async purgeDisk(prefix) {
      const purge = async (store: KeyValueStore) => {
        for (const [key] of await store.entries()) if (key.startsWith(prefix)) await store.del(key)
      }
      try {
        await onDisk(purge)
      } catch {
        try {
          await withTimeout(deleteDatabase(), options.timeoutMs, 'IndexedDB')
        } catch (cause) {
          throw new AuthError(AUTH_STORAGE_UNAVAILABLE, 'the session could not be removed from IndexedDB', {
            cause,
          })
        }
      }
    },
  }
}

// Other tabs' open connections block a deletion until they close: the timeout then reports it.
function defaultDeleteDatabase(): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase('lanyard')
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error)
  })
}
