import type { KeyValueStore } from './kv-store.ts'
import type { Sealer } from './sealed-box.ts'

/** Sealed records, one per cache key (the caller builds it from issuer, clientId, audience and scope). */
export interface TokenCache<T> {
  get(key: string): Promise<T | undefined>
  set(key: string, value: T): Promise<void>
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
      const sealed = await store.get(id(key))
      if (sealed === undefined) return undefined
      const value = await sealer.open<T>(sealed)
      if (value !== undefined && valid(value)) return value
      await store.del(id(key))
      return undefined
    },
    set: async (key, value) => store.set(id(key), await sealer.seal(value)),
  }
}
