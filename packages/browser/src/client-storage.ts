import type { TokenSet, Transaction } from '@lanyard/core'
import { createIndexedDbStore, createMemoryStore, type KeyValueStore } from './kv-store.ts'
import type { ResolvedOptions } from './options.ts'
import { createResilientStore, type ResilientStore } from './resilient-store.ts'
import { createSealer, type Sealer } from './sealed-box.ts'
import { createTokenCache, type TokenCache } from './token-cache.ts'
import { createTransactionStore, type TransactionStore } from './transactions.ts'

/**
 * What the token cache holds per key; `at` (epoch ms of receipt) orders concurrent refreshes. The
 * session's record also keeps what its login `asked` for (scope, RFC 8707 resources), which its
 * refreshes may have to name again.
 */
export type TokenRecord = TokenSet & {
  at: number
  asked?: { scope: string; resource?: readonly string[] | undefined } | undefined
}

/** Everything a client keeps: raw key-value store, sealed token records, sealed transactions. */
export interface ClientStorage {
  /** The shared store (IndexedDB, or memory after a fault): keys, transactions, DPoP key. */
  kv: ResilientStore
  /** Where token records live: `kv`, or this tab's memory with `cache: 'memory'`. */
  tokenKv: KeyValueStore
  tokens: TokenCache<TokenRecord>
  transactions: TransactionStore<Transaction>
  /** Seals what is stored (tokens, transactions, the provider's metadata) under the origin's key. */
  sealer: Sealer
}

/**
 * Creates the client's storage. Transactions always go to IndexedDB (a redirect must survive the
 * page); tokens too unless `cache: 'memory'`. Records are sealed with an AES key that lives,
 * non-extractable, in IndexedDB.
 */
export function createClientStorage(
  options: Pick<ResolvedOptions, 'cache' | 'onWarning' | 'timeouts'>,
): ClientStorage {
  const kv = createResilientStore(createIndexedDbStore(), {
    timeoutMs: options.timeouts.storageMs,
    onFallback: (warning) => options.onWarning(warning),
  })
  const sealer = createSealer(kv)
  const tokenKv = options.cache === 'memory' ? createMemoryStore() : kv
  return {
    kv,
    tokenKv,
    tokens: createTokenCache<TokenRecord>(
      tokenKv,
      sealer,
      (value) => typeof (value as TokenRecord).access_token === 'string',
    ),
    transactions: createTransactionStore<Transaction>(kv, sealer),
    sealer,
  }
}

/** `create()` on first call, the same value after: storage is opened on first use, not at creation. */
export function lazy<T>(create: () => T): () => T {
  let value: T | undefined
  let made = false
  return () => {
    if (!made) [value, made] = [create(), true]
    return value as T
  }
}
