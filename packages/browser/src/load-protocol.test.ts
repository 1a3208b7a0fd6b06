import { isAuthError } from '@lanyard/core'
import { describe, expect, it, vi } from 'vitest'
import { createProtocolLoader, loadProtocol, type Protocol } from './load-protocol.ts'

const chunk = {} as Protocol

describe('createProtocolLoader', () => {
  it('imports the chunk once and gives every caller the same promise', async () => {
    const importChunk = vi.fn(() => Promise.resolve(chunk))
    const load = createProtocolLoader(importChunk)
    expect(importChunk).not.toHaveBeenCalled() // nothing on creation
    const first = load()
    expect(load()).toBe(first)
    expect(await first).toBe(chunk)
    expect(await load()).toBe(chunk)
    expect(importChunk).toHaveBeenCalledTimes(1)
  })

  it('reports a failed import as AUTH_NETWORK_ERROR (cause kept) and tries again on the next call', async () => {
    const offline = new TypeError('Failed to fetch dynamically imported module')
    const importChunk = vi.fn().mockRejectedValueOnce(offline).mockResolvedValue(chunk)
    const load = createProtocolLoader(importChunk)
    const failure = await load().catch((error: unknown) => error)
    expect(isAuthError(failure, 'AUTH_NETWORK_ERROR')).toBe(true)
    expect((failure as Error).cause).toBe(offline)
    expect(await load()).toBe(chunk)
    expect(await load()).toBe(chunk)
    expect(importChunk).toHaveBeenCalledTimes(2)
  })
})

describe('loadProtocol', () => {
  it('loads the protocol functions', async () => {
    const protocol = await loadProtocol()
    expect(typeof protocol.refreshTokens).toBe('function')
    expect(typeof protocol.createAuthorizationRequest).toBe('function')
    expect(loadProtocol()).toBe(loadProtocol())
  })
})
