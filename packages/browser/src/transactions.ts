import type { KeyValueStore } from './kv-store.ts'
import type { Sealer } from './sealed-box.ts'

/** Login transactions keyed by `state`: single use, expiring, sealed (they hold the PKCE verifier). */
export interface TransactionStore<T> {
  put(state: string, tx: T): Promise<void>
  /** Removes and returns the transaction; at most one caller in any tab gets it; expired → undefined. */
  take(state: string): Promise<T | undefined>
  /** Reads without consuming; expired → undefined. */
  peek(state: string): Promise<T | undefined>
  /** Deletes every expired or unreadable transaction. */
  sweep(): Promise<void>
}

/** Options of {@link createTransactionStore}. */
export interface TransactionStoreOptions {
  /** Age after which a transaction is dead; default 10 minutes. */
  maxAgeMs?: number
  now?: () => number
}

const PREFIX = 'tx:'

/** Creates a {@link TransactionStore} under the `tx:` prefix of `store`. */
export function createTransactionStore<T extends { createdAt: number }>(
  store: KeyValueStore,
  sealer: Sealer,
  { maxAgeMs = 600_000, now = Date.now }: TransactionStoreOptions = {},
): TransactionStore<T> {
  const live = async (sealed: unknown, name: string) => {
    const tx = await sealer.open<T>(sealed, name)
    return tx && now() - tx.createdAt < maxAgeMs ? tx : undefined
  }
  return {
    put: async (state, tx) => store.set(PREFIX + state, await sealer.seal(tx, PREFIX + state)),
    take: async (state) => live(await store.take(PREFIX + state), PREFIX + state),
    peek: async (state) => live(await store.get(PREFIX + state), PREFIX + state),
    async sweep() {
      for (const [key, sealed] of await store.entries())
        if (key.startsWith(PREFIX) && !(await live(sealed, key))) await store.del(key)
    },
  }
}
