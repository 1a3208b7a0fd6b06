// A router small enough to read: the path is `location.pathname`, `navigate` pushes (or replaces)
// a history entry, and `usePath` re-renders on navigation and on back/forward.
import { useSyncExternalStore } from 'react'

const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

/** Tells `usePath` users that the address changed (after code that called `history` itself). */
export function locationChanged(): void {
  for (const listener of listeners) listener()
}

export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) history.replaceState(history.state, '', to)
  else history.pushState(null, '', to)
  locationChanged()
}

export function usePath(): string {
  return useSyncExternalStore(
    subscribe,
    () => location.pathname,
    () => '/',
  )
}
