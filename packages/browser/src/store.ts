/** A minimal external store: fits React's `useSyncExternalStore` and anything else. */
export interface Store<T> {
  /** The current snapshot: the same reference until {@link Store.set} changes it. */
  getSnapshot(): T
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** Replaces the snapshot; listeners run only when the reference changes. */
  set(next: T): void
}

/** Creates a {@link Store}; its methods are pre-bound (safe to pass around detached). */
export function createStore<T>(initial: T): Store<T> {
  let snapshot = initial
  const listeners = new Set<() => void>()
  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const entry = () => listener()
      listeners.add(entry)
      return () => void listeners.delete(entry)
    },
    set(next) {
      if (Object.is(next, snapshot)) return
      snapshot = next
      for (const listener of [...listeners]) listener()
    },
  }
}
