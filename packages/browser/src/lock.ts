import { AUTH_TIMEOUT, AuthError } from '@lanyard/core'
import { withTimeout } from './resilient-store.ts'

/**
 * Runs `fn` holding the exclusive lock `name` across tabs (Web Locks; an in-tab queue where they are
 * missing). Waiting longer than `timeoutMs` rejects with `AUTH_TIMEOUT`; the lock is released when
 * `fn` settles, or after `holdMs` with `AUTH_TIMEOUT`, so one stuck tab cannot keep every other
 * tab waiting for ever.
 */
export async function withLock<T>(
  name: string,
  timeoutMs: number,
  fn: () => Promise<T>,
  holdMs = Infinity,
): Promise<T> {
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), timeoutMs)
  let granted = false
  const run = async () => {
    granted = true
    clearTimeout(timer)
    return holdMs === Infinity ? fn() : withTimeout(fn(), holdMs, `holding lock ${name}`)
  }
  try {
    const locks = globalThis.navigator?.locks
    return await (locks ? locks.request(name, { signal: abort.signal }, run) : queue(name, abort.signal, run))
  } catch (error) {
    if (granted || !abort.signal.aborted) throw error
    throw new AuthError(AUTH_TIMEOUT, `lock: ${timeoutMs} ms`, { cause: error })
  } finally {
    clearTimeout(timer)
  }
}

const tails = new Map<string, Promise<unknown>>()

// The in-tab stand-in for Web Locks: one promise chain per name. A waiter that gives up still
// holds its place until the holder before it is done, so the chain stays exclusive.
function queue<T>(name: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  const before = tails.get(name)
  let release = () => {}
  tails.set(name, Promise.all([before, new Promise<void>((resolve) => (release = resolve))]))
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => {
      reject(signal.reason)
      release()
    })
    void Promise.resolve(before).then(() => {
      if (!signal.aborted) fn().then(resolve, reject).finally(release)
    })
  })
}
