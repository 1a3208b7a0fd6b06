import { AUTH_TIMEOUT, isAuthError } from '@lanyard/core'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { withLock } from './lock.ts'

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// A small LockManager: exclusive FIFO per name; an aborted request leaves the queue.
function fakeLocks() {
  const queues = new Map<string, (() => void)[]>()
  const held = new Set<string>()
  const next = (name: string) => {
    const start = queues.get(name)?.shift()
    if (start) start()
    else held.delete(name)
  }
  const request = vi.fn(
    (name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>) =>
      new Promise((resolve, reject) => {
        const start = () => {
          held.add(name)
          callback({ name })
            .then(resolve, reject)
            .finally(() => next(name))
        }
        if (!held.has(name)) return start()
        const queue = queues.get(name) ?? []
        queues.set(name, queue)
        queue.push(start)
        options.signal?.addEventListener('abort', () => {
          const at = queue.indexOf(start)
          if (at >= 0) queue.splice(at, 1)
          reject(options.signal?.reason)
        })
      }),
  )
  return { request }
}

afterEach(() => void vi.unstubAllGlobals())

describe.each(['web locks', 'in-tab'] as const)('withLock (%s)', (mode) => {
  let locks: ReturnType<typeof fakeLocks> | undefined
  beforeEach(() => {
    locks = mode === 'web locks' ? fakeLocks() : undefined
    vi.stubGlobal('navigator', { locks: locks ?? null })
  })

  test('serializes holders of one name and returns their results', async () => {
    const log: string[] = []
    const hold = (id: string, ms: number) => async () => {
      log.push(id + '+')
      await delay(ms)
      log.push(id + '-')
      return id
    }
    const results = await Promise.all([
      withLock('n', 1000, hold('a', 20)),
      withLock('n', 1000, hold('b', 5)),
      withLock('n', 1000, hold('c', 1)),
    ])
    expect(results).toEqual(['a', 'b', 'c'])
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-'])
    if (locks)
      expect(locks.request).toHaveBeenCalledWith('n', expect.objectContaining({}), expect.any(Function))
  })

  test('different names do not wait for each other', async () => {
    let release = () => {}
    const held = withLock('x', 1000, () => new Promise<void>((resolve) => (release = resolve)))
    expect(await withLock('y', 50, async () => 'free')).toBe('free')
    release()
    await held
  })

  test('waiting longer than timeoutMs rejects with AUTH_TIMEOUT and never runs fn', async () => {
    let release = () => {}
    const held = withLock('n', 1000, () => new Promise<void>((resolve) => (release = resolve)))
    const late = vi.fn(async () => 'ran')
    const error: unknown = await withLock('n', 20, late).catch((e: unknown) => e)
    expect(isAuthError(error, AUTH_TIMEOUT)).toBe(true)
    expect((error as Error).name).toBe('TimeoutError')
    // A later waiter still gets the lock only once the holder is done.
    let releasedAt = 0
    const after = withLock('n', 1000, async () => releasedAt)
    await delay(10)
    releasedAt = 1
    release()
    await held
    expect(await after).toBe(1)
    expect(late).not.toHaveBeenCalled()
  })

  test('is released when fn throws, and the error is fn’s', async () => {
    const boom = new Error('boom')
    await expect(withLock('n', 100, () => Promise.reject(boom))).rejects.toBe(boom)
    await expect(
      withLock('n', 100, () => {
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(await withLock('n', 100, async () => 'next')).toBe('next')
  })

  test('a holder slower than timeoutMs is not a timeout', async () => {
    const boom = new Error('slow failure')
    const slow = async () => {
      await delay(30)
      throw boom
    }
    await expect(withLock('n', 5, slow)).rejects.toBe(boom)
    expect(await withLock('n', 5, async () => 'ok')).toBe('ok')
  })
})

describe('a holder that never finishes', () => {
  test('loses the lock after holdMs with AUTH_TIMEOUT, and the next waiter gets it', async () => {
    const stuck = withLock('hold', 1_000, () => new Promise<never>(() => {}), 30)
    const next = withLock('hold', 1_000, async () => 'next')
    const error = await stuck.catch((e: unknown) => e)
    expect(isAuthError(error, AUTH_TIMEOUT)).toBe(true)
    expect(await next).toBe('next')
  })
})
