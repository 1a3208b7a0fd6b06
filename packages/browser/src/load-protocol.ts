import { AUTH_NETWORK_ERROR, AuthError } from '@lanyard/core'
import type * as ProtocolModule from './protocol.ts'
import { whenIdle } from './when-idle.ts'

/** What the protocol chunk exports (see protocol.ts). */
export type Protocol = typeof ProtocolModule

/**
 * Wraps `importProtocol` so that it runs once per page and every caller shares its promise. A
 * failed import (offline, a deploy removed the chunk) rejects with `AUTH_NETWORK_ERROR` and is
 * forgotten, so the next call tries again.
 */
export function createProtocolLoader<T = Protocol>(importProtocol: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined
  return () =>
    (loading ??= importProtocol().catch((cause: unknown) => {
      loading = undefined
      throw new AuthError(AUTH_NETWORK_ERROR, 'could not load the protocol code (@lanyard/browser chunk)', {
        cause,
      })
    }))
}

/** Loads the protocol chunk, once per page (see {@link createProtocolLoader}). */
export const loadProtocol = /* @__PURE__ */ createProtocolLoader(() => import('./protocol.ts'))

/**
 * Loads the protocol chunk when the page is idle, so that a later refresh or login does not wait
 * for it. A failure is left for the call that needs the protocol to report (it tries again).
 */
export function prefetchProtocol(): void {
  whenIdle(() => void loadProtocol().catch(() => {}))
}
