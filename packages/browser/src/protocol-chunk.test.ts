// The protocol (oauth4webapi and the token calls) is a chunk loaded on first need: a signed-in
// page with a valid token never waits for it, and a chunk that fails to load (offline, a deploy
// removed it) is a typed AUTH_NETWORK_ERROR for the action that needed it, never a lost session.
import { isAuthError } from '@lanyard/core'
import { IDBDatabase } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type * as LoadProtocolModule from './load-protocol.ts'
import type { Protocol } from './load-protocol.ts'
import type { AuthClientOptions } from './options.ts'
import { fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

// One loader per simulated page (a reload starts with no chunk loaded); `offline` fails the import.
const chunk = vi.hoisted(() => ({
  offline: false,
  hung: false,
  imports: 0,
  load: undefined as undefined | (() => Promise<Protocol>),
}))
vi.mock('./load-protocol.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof LoadProtocolModule>()
  const loadProtocol = () => chunk.load!()
  return { ...actual, loadProtocol, prefetchProtocol: () => void loadProtocol().catch(() => {}) }
})
const { createProtocolLoader } = await import('./load-protocol.ts')

function newPage() {
  chunk.load = createProtocolLoader(() => {
    chunk.imports++
    if (chunk.hung) return new Promise<never>(() => {}) // the server never answers
    return chunk.offline
      ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
      : import('./protocol.ts')
  })
}

let op: FakeOp

const { client, atCallback, stopAll } = testClients(() => op)

async function signedIn() {
  const auth = client()
  await auth.start()
  await auth.loginWithRedirect()
  await auth.handleRedirectCallback(op.callbackUrl())
  auth.stop()
}

/** A reload with the chunk unreachable. */
function offlineReload(options: Partial<AuthClientOptions> = {}) {
  newPage()
  chunk.offline = true
  chunk.imports = 0
  return client(options)
}

const later = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000)
const networkError = (error: unknown) => isAuthError(error, 'AUTH_NETWORK_ERROR')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  freshIndexedDb()
  op = fakeOp()
  chunk.offline = false
  chunk.hung = false
  newPage()
})
afterEach(() => {
  vi.useRealTimers()
  stopAll()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('the protocol chunk', () => {
  it('is asked for at once on a callback page, while IndexedDB opens (before its first transaction)', async () => {
    await atCallback()
    newPage()
    const order: string[] = []
    const load = chunk.load!
    chunk.load = () => (order.push('protocol'), load())
    vi.restoreAllMocks() // (an earlier test's spy)
    const transaction = IDBDatabase.prototype.transaction
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (
      this: IDBDatabase,
      ...args: Parameters<IDBDatabase['transaction']>
    ) {
      order.push('transaction')
      return transaction.apply(this, args)
    })
    try {
      expect(await client().start()).toMatchObject({ status: 'authenticated' })
    } finally {
      history.replaceState(null, '', '/')
    }
    expect(order[0]).toBe('protocol')
    expect(order).toContain('transaction')
  })

  it('is not needed by a signed-in reload whose token is valid', async () => {
    await signedIn()
    const auth = offlineReload()
    let importsAtPublish: number | undefined
    auth.subscribe(() => (importsAtPublish ??= chunk.imports))
    expect(await auth.start()).toMatchObject({ status: 'authenticated' })
    expect(auth.getSnapshot().error).toBeUndefined()
    expect(importsAtPublish).toBe(0) // published before the chunk was asked for
    expect(await auth.getAccessToken()).toMatch(/^at-/)
  })

  it('failing to load makes a refresh reject with AUTH_NETWORK_ERROR and keeps the session', async () => {
    await signedIn()
    const auth = offlineReload()
    await auth.start()
    later(op.ttl) // the token has expired
    const failure = await auth.getAccessToken().catch((error: unknown) => error)
    expect(networkError(failure)).toBe(true)
    expect(op.tokenCalls()).toHaveLength(1) // the login's only
    expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated' })
    // Back online: the next call loads the chunk and refreshes; a reload is still signed in.
    chunk.offline = false
    expect(await auth.getAccessToken()).toMatch(/^at-/)
    expect(op.tokenCalls()).toHaveLength(2)
    expect(await offlineReload().start()).toMatchObject({ status: 'authenticated' })
  })

  it('a load that never answers is bounded by timeouts.httpMs: AUTH_TIMEOUT, the session kept', async () => {
    await signedIn()
    const auth = offlineReload({ timeouts: { httpMs: 50 } })
    chunk.offline = false
    chunk.hung = true
    await auth.start()
    later(op.ttl)
    const failure = await auth.getAccessToken().catch((error: unknown) => error)
    expect(isAuthError(failure, 'AUTH_TIMEOUT')).toBe(true)
    expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated' })
    vi.mocked(window.location.assign).mockClear() // the first login's
    expect(isAuthError(await auth.loginWithRedirect().catch((error: unknown) => error), 'AUTH_TIMEOUT')).toBe(
      true,
    )
    expect(window.location.assign).not.toHaveBeenCalled()
  })

  it('failing to load makes loginWithRedirect reject with AUTH_NETWORK_ERROR without leaving', async () => {
    const auth = offlineReload()
    await auth.start()
    expect(networkError(await auth.loginWithRedirect().catch((error: unknown) => error))).toBe(true)
    expect(window.location.assign).not.toHaveBeenCalled()
  })

  it('failing to load closes the popup, opened in the click, and rejects with AUTH_NETWORK_ERROR', async () => {
    const popup = { close: vi.fn(), closed: false, location: { href: '' } }
    const open = vi.fn(() => popup)
    vi.stubGlobal('open', open)
    const auth = offlineReload()
    await auth.start()
    const login = auth.loginWithPopup()
    expect(open).toHaveBeenCalledTimes(1) // synchronously: the browser allows it only in the click
    expect(networkError(await login.catch((error: unknown) => error))).toBe(true)
    expect(popup.close).toHaveBeenCalled()
    expect(popup.location.href).toBe('')
  })

  it('failing to load on the callback page rejects with AUTH_NETWORK_ERROR and sends no code', async () => {
    const login = client()
    await login.start()
    await login.loginWithRedirect()
    login.stop()
    const auth = offlineReload()
    await auth.start()
    const failure = await auth.handleRedirectCallback(op.callbackUrl()).catch((error: unknown) => error)
    expect(networkError(failure)).toBe(true)
    expect(op.tokenCalls()).toHaveLength(0)
  })

  it('failing to load still ends the session on logout, and says why the provider was not told', async () => {
    await signedIn()
    const onWarning = vi.fn()
    const auth = offlineReload({ onWarning })
    await auth.start()
    expect(networkError(await auth.logout().catch((error: unknown) => error))).toBe(true)
    expect(networkError(onWarning.mock.calls[0]?.[0])).toBe(true)
    expect(auth.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logout' })
    expect(op.calls).not.toContain('POST /revoke')
    expect(await offlineReload().start()).toMatchObject({ status: 'unauthenticated' })
  })
})
