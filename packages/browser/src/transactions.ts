import { AUTH_TRANSACTION_MISSING, AuthError } from '@lanyard/core'
import type { KeyValueStore } from './kv-store.ts'
import type { Sealer } from './sealed-box.ts'

/** What a taken transaction leaves behind, so that a replay is told apart from an unknown state. */
export interface UsedMark {
  used: 1
  createdAt: number
}

/** Login transactions keyed by `state`: single use, expiring, sealed (they hold the PKCE verifier). */
export interface TransactionStore<T> {
  put(state: string, tx: T): Promise<void>
  /**
   * Returns the transaction and leaves a {@link UsedMark} in its place, in one step: at most one
   * caller in any tab gets it, later ones the mark; expired → undefined.
   */
  take(state: string): Promise<T | UsedMark | undefined>
  /**
   * {@link take}, answered as soon as the record is read: `[what take gives, done]`, where `done`
   * resolves once this caller's take of the record committed, and rejects (`AUTH_TRANSACTION_MISSING`)
   * when it did not (an abort, then a retry that found another tab's mark, or a move to memory).
   * A callback's token request goes out meanwhile.
   */
  takeEarly(state: string): Promise<[T | UsedMark | undefined, Promise<void>]>
  /** Reads without consuming; expired → undefined. */
  peek(state: string): Promise<T | UsedMark | undefined>
  /** Deletes every expired or unreadable transaction, and every expired mark. */
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
  // A mark holds no secret: it is stored as is, so that the take can write it in its own step.
  const live = async (stored: unknown, name: string) => {
    const tx = isUsedMark(stored) ? stored : await sealer.open<T>(stored, name)
    return tx && now() - tx.createdAt < maxAgeMs ? tx : undefined
  }
  // The mark a taken record leaves: as long-lived as the transaction (its `createdAt` is kept in
  // the clear beside the sealed record for this), none for an expired one: its replay is unknown.
  const markOf = (stored: unknown): UsedMark | undefined => {
    const createdAt = (stored as { createdAt?: unknown } | null)?.createdAt
    if (typeof createdAt !== 'number') return { used: 1, createdAt: now() } // (an older record)
    return now() - createdAt < maxAgeMs ? { used: 1, createdAt } : undefined
  }
  return {
    put: async (state, tx) =>
      store.set(PREFIX + state, { ...(await sealer.seal(tx, PREFIX + state)), createdAt: tx.createdAt }),
    take: async (state) => live(await store.take(PREFIX + state, markOf), PREFIX + state),
    async takeEarly(state) {
      let read!: (value: unknown) => void
      const early = new Promise<unknown>((resolve) => (read = resolve))
      const taking = store.take(PREFIX + state, markOf, read)
      const done = taking.then((stored) => {
        if (stored === undefined || isUsedMark(stored))
          throw new AuthError(AUTH_TRANSACTION_MISSING, 'the login transaction could not be taken')
      })
      done.catch(() => {}) // the caller's to wait for
      // (A store that fails before it reads rejects `done` first.)
      return [await live(await Promise.race([early, taking]), PREFIX + state), done]
    },
    peek: async (state) => live(await store.get(PREFIX + state), PREFIX + state),
    async sweep() {
      for (const [key, sealed] of await store.entries())
        if (key.startsWith(PREFIX) && !(await live(sealed, key))) await store.del(key)
    },
  }
}

const isUsedMark = (value: unknown): value is UsedMark =>
  (value as UsedMark | undefined)?.used === 1 && typeof (value as UsedMark).createdAt === 'number'
