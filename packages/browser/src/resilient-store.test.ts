import { AUTH_STORAGE_UNAVAILABLE, isAuthError } from '@lanyard/core'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryStore, type KeyValueStore } from './kv-store.ts'
import { createResilientStore } from './resilient-store.ts'

// A disk whose operations can be made to hang or fail, one kind at a time.
function disk() {
  const data = createMemoryStore()
  const faults = { hang: false, refuseWrites: 0, refuseAll: false }
  const gate = <R>(op: () => Promise<R>, write = false): Promise<R> => {
    if (faults.hang) return new Promise<R>(() => {})
    if (faults.refuseAll || (write && faults.refuseWrites-- > 0))
      return Promise.reject(new DOMException('no', 'UnknownError'))
    return op()
  }
  const store: KeyValueStore = {
    get: (key) => gate(() => data.get(key)),
    set: (key, value) => gate(() => data.set(key, value), true),
    del: (key) => gate(() => data.del(key)),
    take: (key) => gate(() => data.take(key), true),
    getOrSet: (key, create) => gate(() => data.getOrSet(key, create), true),
    entries: () => gate(() => data.entries()),
    replace: (prefix, pairs) => gate(() => data.replace(prefix, pairs), true),
    // A transaction that never ends keeps the disk from ever being idle.
    idle: () => (faults.hang ? new Promise<void>(() => {}) : Promise.resolve()),
  }
  return { store, data, faults }
}

describe('createResilientStore', () => {
  it('a hung IndexedDB settles within the timeout: the tab moves to memory with one warning', async () => {
    const { store, faults } = disk()
    faults.hang = true
    const onFallback = vi.fn()
    const kv = createResilientStore(store, { timeoutMs: 20, onFallback })
    expect(await kv.get('x')).toBeUndefined()
    await kv.set('x', 1)
    expect(await kv.get('x')).toBe(1)
    expect(kv.degraded()).toBe(true)
    expect(onFallback).toHaveBeenCalledTimes(1)
    expect(isAuthError(onFallback.mock.calls[0]![0], AUTH_STORAGE_UNAVAILABLE)).toBe(true)
  })

  it('a write refused once is tried again: no fallback', async () => {
    const { store, data, faults } = disk()
    faults.refuseWrites = 1
    const onFallback = vi.fn()
    const kv = createResilientStore(store, { timeoutMs: 1_000, onFallback })
    await kv.set('x', 1)
    expect(await data.get('x')).toBe(1)
    expect(kv.degraded()).toBe(false)
    expect(onFallback).not.toHaveBeenCalled()
  })

  it('a write refused for good leaves no older record of that key on disk', async () => {
    const { store, data, faults } = disk()
    await data.set('tokens:a', 'old refresh token')
    faults.refuseWrites = 2
    const kv = createResilientStore(store, { timeoutMs: 1_000, onFallback: () => {} })
    await kv.set('tokens:a', 'rotated')
    expect(await data.get('tokens:a')).toBeUndefined()
    expect(await kv.get('tokens:a')).toBe('rotated')
  })

  it('purgeDisk deletes from disk even in memory mode; if the disk refuses, the database; else it rejects', async () => {
    const { store, data, faults } = disk()
    await data.set('tokens:a|x', 1)
    await data.set('other', 2)
    faults.refuseAll = true
    const kv = createResilientStore(store, {
      timeoutMs: 1_000,
      onFallback: () => {},
      deleteDatabase: async () => {},
    })
    await kv.get('anything') // moves to memory
    faults.refuseAll = false
    await kv.purgeDisk('tokens:a')
    expect(await data.entries()).toEqual([['other', 2]])

    faults.refuseAll = true
    const deleteDatabase = vi.fn(async () => {})
    const lastResort = createResilientStore(store, { timeoutMs: 1_000, onFallback: () => {}, deleteDatabase })
    await lastResort.purgeDisk('tokens:')
    expect(deleteDatabase).toHaveBeenCalledTimes(1)

    const blocked = createResilientStore(store, {
      timeoutMs: 20,
      onFallback: () => {},
      deleteDatabase: () => new Promise<void>(() => {}),
    })
    const error = await blocked.purgeDisk('tokens:').catch((e: unknown) => e)
    expect(isAuthError(error, AUTH_STORAGE_UNAVAILABLE)).toBe(true)
  })

  it('idle() waits for the disk at most timeoutMs, and not at all once the tab works from memory', async () => {
    const { store, faults } = disk()
    const kv = createResilientStore(store, { timeoutMs: 60_000, onFallback: () => {} })
    await kv.idle()
    faults.hang = true // a transaction hangs: the operation times out and the tab moves to memory
    const hung = createResilientStore(store, { timeoutMs: 20, onFallback: () => {} })
    await hung.get('x')
    expect(hung.degraded()).toBe(true)
    const spy = vi.spyOn(store, 'idle')
    await hung.idle() // (with the disk's idle() never answering, a wait would time the test out)
    expect(spy).not.toHaveBeenCalled()
  })
})
