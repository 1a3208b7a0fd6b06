import type { KeyValueStore } from './kv-store.ts'

/** An encrypted record: AES-GCM ciphertext of the value's JSON, with its IV. */
export interface Sealed {
  v: 1
  iv: Uint8Array<ArrayBuffer>
  ct: ArrayBuffer
}

/** Encrypts values for storage under the origin's key; see {@link createSealer}. */
export interface Sealer {
  seal(value: unknown): Promise<Sealed>
  /** The value, or undefined when `sealed` is corrupted, of another version or under another key. */
  open<T>(sealed: unknown): Promise<T | undefined>
  /**
   * Reads `id` from `from` and opens it: `[the stored value, what it opens to]`. The sealing key is
   * read in the same transaction (when `from` is the key's store).
   */
  read<T>(from: KeyValueStore, id: string): Promise<[unknown, T | undefined]>
}

const KEY = 'key'

/**
 * Seals values with an AES-GCM 256 key that is non-extractable and kept in `store` (shared by every tab),
 * so the key itself never leaves IndexedDB and a dump of the database shows no plaintext.
 */
export function createSealer(store: KeyValueStore): Sealer {
  const create = () =>
    crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
  const key = async () => {
    let found = await store.getOrSet(KEY, create)
    // A corrupted key record would break every seal for good: replace it (what it sealed is lost).
    if (!(found instanceof CryptoKey)) await store.set(KEY, (found = await create()))
    return found
  }
  // `stored`: the key as read with the record, if it was.
  const open = async (sealed: unknown, stored?: unknown) => {
    try {
      const { v, iv, ct } = sealed as Sealed
      if (v !== 1) return undefined
      const aesKey = stored instanceof CryptoKey ? stored : await key()
      return JSON.parse(
        new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, aesKey, ct)),
      )
    } catch {
      return undefined
    }
  }
  return {
    async seal(value) {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const data = new TextEncoder().encode(JSON.stringify(value))
      return { v: 1, iv, ct: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(), data) }
    },
    open,
    async read(from, id) {
      const [sealed, stored] = await Promise.all([from.get(id), store.get(KEY)])
      return [sealed, sealed === undefined ? undefined : await open(sealed, stored)]
    },
  }
}
