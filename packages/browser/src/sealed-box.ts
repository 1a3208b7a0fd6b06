import type { KeyValueStore } from './kv-store.ts'

/**
 * An encrypted record: AES-GCM ciphertext of the value's JSON, with its IV; the record's name is the
 * additional authenticated data, so a record copied under another name does not open.
 */
export interface Sealed {
  v: 2
  iv: Uint8Array<ArrayBuffer>
  ct: ArrayBuffer
}

/** Encrypts values for storage under the origin's key; see {@link createSealer}. */
export interface Sealer {
  /** Seals `value` for the record named `name` (its key in the store). */
  seal(value: unknown, name: string): Promise<Sealed>
  /**
   * The value, or undefined when `sealed` is corrupted, of another version, under another key or
   * sealed for another name.
   */
  open<T>(sealed: unknown, name: string): Promise<T | undefined>
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
  // The key this tab last read or made: a page reads it once (a store that lost it, a tab moved to
  // memory after a fault, gets it back, so what this tab sealed still opens).
  let known: CryptoKey | undefined
  // A corrupted key record is replaced (what it sealed is lost) in one atomic step, so that tabs
  // that find it so at once all end up with the same new key.
  const readKey = async () =>
    (known = await store.getOrSet<CryptoKey>(
      KEY,
      async () => known ?? create(),
      (value) => value instanceof CryptoKey,
    ))
  // The key as a record's read gets it, while that read is under way: what opens meanwhile uses it.
  let reading: Promise<unknown> | undefined
  const key = async () => {
    const stored = known ?? (await reading?.catch(() => undefined))
    return stored instanceof CryptoKey ? (known = stored) : readKey()
  }
  const algorithm = (iv: Uint8Array<ArrayBuffer>, name: string) => ({
    name: 'AES-GCM',
    iv,
    additionalData: new TextEncoder().encode(name),
  })
  // `stored`: the key as read with the record, if it was.
  const open = async (sealed: unknown, name: string, stored?: unknown) => {
    try {
      const { v, iv, ct } = sealed as Sealed
      if (v !== 2) return undefined
      const decrypt = async (aesKey: CryptoKey) =>
        JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt(algorithm(iv, name), aesKey, ct)))
      if (stored instanceof CryptoKey) return await decrypt((known = stored))
      const remembered = known
      try {
        return await decrypt(await key())
      } catch (error) {
        // Another tab may have replaced the key (its record was corrupted) since this tab read it.
        if (!remembered) throw error
        return await decrypt(await readKey())
      }
    } catch {
      return undefined
    }
  }
  return {
    async seal(value, name) {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const data = new TextEncoder().encode(JSON.stringify(value))
      return { v: 2, iv, ct: await crypto.subtle.encrypt(algorithm(iv, name), await key(), data) }
    },
    open: (sealed, name) => open(sealed, name),
    async read(from, id) {
      const keyRead = (reading = store.get(KEY)) // what this page seals or opens next needs no read
      const [sealed, stored] = await Promise.all([from.get(id), keyRead])
      return [sealed, sealed === undefined ? undefined : await open(sealed, id, stored)]
    },
  }
}
