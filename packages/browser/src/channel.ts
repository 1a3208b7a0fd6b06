/** A message bus to the other tabs of the origin; messages posted here are not heard here. */
export interface Channel<M> {
  post(message: M): void
  /** Calls `fn` for each message from another tab; returns the unsubscribe function. */
  listen(fn: (message: M) => void): () => void
  close(): void
}

/** Creates a {@link Channel} on `BroadcastChannel(name)`, opened on first use; inert where unsupported. */
export function createChannel<M>(name: string): Channel<M> {
  let bc: BroadcastChannel | undefined
  const open = () => (bc ??= typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined)
  return {
    post(message) {
      try {
        open()?.postMessage(message)
      } catch {
        // Best effort: cross-tab news is an optimisation, never a reason to fail the caller.
      }
    },
    listen(fn) {
      const channel = open()
      const onMessage = (event: MessageEvent) => {
        try {
          fn(event.data as M)
        } catch {
          // A malformed message must not become an uncaught error in the page.
        }
      }
      channel?.addEventListener('message', onMessage)
      return () => channel?.removeEventListener('message', onMessage)
    },
    close() {
      bc?.close()
      bc = undefined
    },
  }
}
