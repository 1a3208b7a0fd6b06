import { describe, expect, it, vi } from 'vitest'
import { createStore } from './store.ts'

describe('createStore', () => {
  it('keeps the snapshot reference until set changes it, and notifies only on change', () => {
    const first = { n: 1 }
    const store = createStore(first)
    const { getSnapshot, subscribe, set } = store // pre-bound
    const listener = vi.fn()
    const unsubscribe = subscribe(listener)
    expect(getSnapshot()).toBe(first)
    set(first)
    expect(listener).not.toHaveBeenCalled()
    const second = { n: 2 }
    set(second)
    expect(getSnapshot()).toBe(second)
    expect(listener).toHaveBeenCalledTimes(1)
    unsubscribe()
    set({ n: 3 })
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('lets a listener unsubscribe another during notification without skipping', () => {
    const store = createStore(0)
    const calls: string[] = []
    let offB = () => {}
    store.subscribe(() => {
      calls.push('a')
      offB()
    })
    offB = store.subscribe(() => calls.push('b'))
    store.set(1)
    store.set(2)
    expect(calls).toEqual(['a', 'b', 'a'])
  })
})
