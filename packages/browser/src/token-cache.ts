import type { KeyValueStore } from './kv-store.ts'
import type { Sealer } from './sealed-box.ts'

/** Sealed records, one per cache key (the caller builds it from issuer, clientId, audience and scope). */
export interface TokenCache<T> {
  get(key: string): Promise<T | undefined>
  /** Stores `value`; with `replacing`, every record whose key starts with it goes in the same step. */
  set(key: string, value: T, replacing?: string): Promise<void>
}

/**
 * Creates a {@link TokenCache}; a record that is unreadable, or not a `T` by `valid` (another
 * SDK version's shape), reads as missing and is deleted.
 */
export function createTokenCache<T>(
  store: KeyValueStore,
  sealer: Sealer,
  valid: (value: unknown) => boolean = () => true,
): TokenCache<T> {
  const id = (key: string) => 'tokens:' + key
  return {
    async get(key) {
      // The record and the sealing key in one transaction: a reload's only I/O before it shows the session.
      const [sealed, value] = await sealer.read<T>(store, id(key))
      if (sealed === undefined) return undefined
      if (value !== undefined && valid(value)) return value
      await store.del(id(key))
      return undefined
    },
    async set(key, value, replacing) {
      const sealed = await sealer.seal(value, id(key))
      await (replacing ? store.replace(id(replacing), [[id(key), sealed]]) : store.set(id(key), sealed))
    },
  }
}
