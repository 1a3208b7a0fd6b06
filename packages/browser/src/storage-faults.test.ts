import { AUTH_LOGIN_REQUIRED, AUTH_STORAGE_UNAVAILABLE, isAuthError } from '@lanyard/core'
import { IDBObjectStore } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp

const { client, signIn, stopAll } = testClients(() => op)

// Every IndexedDB write refused (a broken profile, or quota), until `restore()`.
function refuseWrites() {
  return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
  })
}

const revoked = () => op.calls.filter((call) => call === 'POST /revoke').length
const refreshTokensSent = () =>
  op
    .tokenCalls()
    .filter((body) => body.get('grant_type') === 'refresh_token')
    .map((body) => body.get('refresh_token'))

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => {
  stopAll()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('logout after a storage fault (the tab works from memory)', () => {
  it('still revokes, and a reload is not signed in again', async () => {
    const auth = await signIn()
    const writes = refuseWrites()
    await auth.loginWithRedirect() // its transaction cannot be written: the tab moves to memory
    writes.mockRestore()
    await auth.logout({ federated: false })
    expect(revoked()).toBe(1)
    const reload = client()
    expect((await reload.start()).status).toBe('unauthenticated')
  })

  it('rejects loudly when the session cannot be removed from disk', async () => {
    const auth = await signIn()
    const writes = refuseWrites()
    await auth.loginWithRedirect()
    writes.mockRestore()
    vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(() => {
      throw new DOMException('no', 'UnknownError')
    })
    vi.spyOn(indexedDB, 'deleteDatabase').mockImplementation(() => {
      throw new DOMException('no', 'UnknownError')
    })
    const error = await auth.logout({ federated: false }).catch((e: unknown) => e)
    expect(isAuthError(error, AUTH_STORAGE_UNAVAILABLE)).toBe(true)
  })

  it('a refused revocation is reported through onWarning', async () => {
    const onWarning = vi.fn()
    const fetchOfOp = op.fetch
    const refusing = client({
      onWarning,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
        String(input instanceof Request ? input.url : input).endsWith('/revoke')
          ? new Response(JSON.stringify({ error: 'invalid_client' }), {
              status: 401,
              headers: { 'content-type': 'application/json' },
            })
          : fetchOfOp(input, init)) as typeof fetch,
    })
    await signIn(refusing)
    await refusing.logout({ federated: false })
    expect(onWarning).toHaveBeenCalledWith(expect.objectContaining({ status: 401 }))
    expect(refusing.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logout' })
  })
})

describe('a write fault right after refresh-token rotation', () => {
  it('the other tabs get the rotated refresh token and never replay the old one', async () => {
    const tabA = await signIn(client({ refreshLeewaySeconds: 0 }))
    const tabB = client({ refreshLeewaySeconds: 0 })
    await tabB.start()
    const writes = refuseWrites()
    await tabA.getAccessToken({ cacheMode: 'off' }) // rotates rt-1 → rt-2, which cannot be written
    writes.mockRestore()
    await vi.waitFor(() => expect(tabB.getSnapshot().status).toBe('authenticated'))
    await tabB.getAccessToken({ cacheMode: 'off' })
    expect(refreshTokensSent()).toEqual(['rt-1', 'rt-2'])
    // Nor does a reload: the disk no longer holds the rotated-away token.
    const reload = client()
    await reload.start()
    await reload.getAccessToken({ cacheMode: 'off' }).catch(() => {})
    expect(refreshTokensSent().filter((token) => token === 'rt-1')).toHaveLength(1)
  })
})

describe('IndexedDB that never answers', () => {
  it('start(), getAccessToken() and logout() all settle within the timeouts', async () => {
    vi.stubGlobal('indexedDB', {
      open: () => ({}), // a request whose events never fire
      deleteDatabase: () => ({}),
    })
    const timeouts = { storageMs: 30, lockMs: 200, httpMs: 1_000 }
    const auth = client({ timeouts })
    expect((await auth.start()).status).toBe('unauthenticated')
    const tokenError = await auth.getAccessToken().catch((e: unknown) => e)
    expect(isAuthError(tokenError, AUTH_LOGIN_REQUIRED)).toBe(true)
    const logoutOutcome = await auth.logout({ federated: false }).then(
      () => 'resolved',
      (e: unknown) => (isAuthError(e) ? e.code : 'untyped'),
    )
    expect(['resolved', AUTH_STORAGE_UNAVAILABLE]).toContain(logoutOutcome)
  })
})

describe('a read fault once signed in (the tab moves to memory)', () => {
  it('the tab keeps its session: the next refresh uses the refresh token it holds', async () => {
    const auth = await signIn()
    const reads = vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(() => {
      throw new DOMException('The operation failed for reasons unrelated to the database.', 'UnknownError')
    })
    const refreshed = await auth.getAccessToken({ cacheMode: 'off' }).catch((e: unknown) => e)
    reads.mockRestore()
    expect(refreshed).toBe('at-2')
    expect(refreshTokensSent()).toEqual(['rt-1'])
    expect(await auth.getAccessToken()).toBe('at-2')
  })
})

describe('logout after a storage fault, with another client on the origin', () => {
  it("removes this client's session from disk and keeps the other client's", async () => {
    const auth = await signIn()
    // Another client of the same provider whose id starts with this one's.
    const adminOp = fakeOp({ clientId: 'spa-admin' })
    const admin = client({ clientId: 'spa-admin', fetch: adminOp.fetch })
    await admin.start()
    await admin.loginWithRedirect()
    await admin.handleRedirectCallback(adminOp.callbackUrl())
    const writes = refuseWrites()
    await auth.getAccessToken({ cacheMode: 'off' }) // cannot be written: the tab moves to memory
    writes.mockRestore()
    await auth.logout({ federated: false })
    expect((await client().start()).status).toBe('unauthenticated')
    const adminReload = client({ clientId: 'spa-admin', fetch: adminOp.fetch })
    expect((await adminReload.start()).status).toBe('authenticated')
  })
})

describe('a storage fault while a callback is taken', () => {
  const outcome = (auth: ReturnType<typeof client>, url: string) =>
    auth.handleRedirectCallback(url).then(
      () => 'ok',
      (error: unknown) => (error as { code?: string }).code,
    )
  const pendingLogin = async () => {
    const login = client()
    await login.start()
    await login.loginWithRedirect()
    login.stop()
    return op.callbackUrl()
  }

  it('a take whose transaction aborts (quota, I/O) exchanges nothing: the callback is exchanged at most once', async () => {
    const url = await pendingLogin()
    // The take's transaction aborts after its request succeeded: the record is put back.
    let armed = true
    for (const method of ['put', 'delete'] as const) {
      const original = IDBObjectStore.prototype[method] as (...args: unknown[]) => IDBRequest
      vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (
        this: IDBObjectStore,
        ...args: unknown[]
      ) {
        const request = original.apply(this, args)
        const key = String(method === 'put' ? args[1] : args[0])
        if (armed && key.startsWith('tx:')) {
          armed = false
          const transaction = this.transaction
          request.addEventListener('success', () => transaction.abort())
        }
        return request
      } as never)
    }
    await outcome(client(), url)
    await outcome(client(), url) // the same callback again (another tab, a replay)
    expect(op.tokenCalls().length).toBeLessThanOrEqual(1)
  })

  it('with every write refused (quota), the callback is still exchanged at most once', async () => {
    const url = await pendingLogin()
    const writes = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    })
    await outcome(client(), url)
    writes.mockRestore()
    await outcome(client(), url)
    expect(op.tokenCalls().length).toBeLessThanOrEqual(1)
  })
})
