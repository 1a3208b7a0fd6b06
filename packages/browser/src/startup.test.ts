// What start-up and a login's callback do with IndexedDB, in order: the work that serializes
// before the snapshot is published (a reload) or before the token request goes out (a callback).
import { IDBDatabase } from 'fake-indexeddb'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb, holdReadwriteCommits } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'
import { whenIdle } from './when-idle.ts'

let op: FakeOp
const API2 = 'https://api2.example'

const { client, signIn, atCallback, stopAll } = testClients(() => op)
const transactions = () => vi.spyOn(IDBDatabase.prototype, 'transaction')
const writes = (spy: ReturnType<typeof transactions>) =>
  spy.mock.calls.filter(([, mode]) => mode === 'readwrite').length

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => {
  stopAll()
  history.replaceState(null, '', '/')
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

it('a signed-in tab with no hint (its first load) opens IndexedDB first and shows the session after one transaction', async () => {
  const login = client()
  await login.start()
  await login.loginWithRedirect()
  await login.handleRedirectCallback(op.callbackUrl())
  login.stop() // the page reloads: no other tab answers
  sessionStorage.clear() // a tab's first load: no hint
  const open = vi.spyOn(indexedDB, 'open')
  const Channel = BroadcastChannel
  const channel = vi.fn(function (name: string) {
    return new Channel(name)
  })
  vi.stubGlobal('BroadcastChannel', channel)
  const spy = transactions()
  const reload = client()
  let atPublish: number | undefined
  reload.subscribe(() => (atPublish ??= spy.mock.calls.length))
  expect(await reload.start()).toMatchObject({ status: 'authenticated' })
  // The token record and the sealing key come from one transaction...
  expect(atPublish).toBe(1)
  expect(spy.mock.calls[0]?.[1]).toBe('readonly')
  // ...whose database opened before the client subscribed to the other tabs.
  expect(open.mock.invocationCallOrder[0]).toBeLessThan(channel.mock.invocationCallOrder[0]!)
})

it('on the callback page one IndexedDB transaction comes before the token request: the reads and the take', async () => {
  await atCallback()
  const spy = transactions()
  let beforeToken: string[] | undefined
  const fetch: typeof op.fetch = (input, init) => {
    if (String(input).endsWith('/token')) beforeToken = spy.mock.calls.map(([, mode]) => String(mode))
    return op.fetch(input, init)
  }
  expect(await client({ fetch }).start()).toMatchObject({ status: 'authenticated' })
  // The session's read, the metadata, the sealing key and the single-use take share one transaction.
  expect(beforeToken).toEqual(['readwrite'])
  // The take left the "used" mark in that same step: a replay is told apart.
  await expect(client().handleRedirectCallback(op.callbackUrl())).rejects.toMatchObject({
    code: 'AUTH_TRANSACTION_MISSING',
  })
})

it("the callback's token request goes out while the take commits", async () => {
  await atCallback()
  const { release } = holdReadwriteCommits({ count: 1 }) // the take's (not the tokens')
  const callback = client()
  const started = callback.start()
  try {
    await vi.waitFor(() => expect(op.tokenCalls()).toHaveLength(1)) // the take has not committed
    expect(callback.getSnapshot().status).toBe('loading')
  } finally {
    release()
  }
  // (That nothing is stored before the take committed: the next test, where it fails.)
  expect(await started).toMatchObject({ status: 'authenticated' })
})

it('a take that fails to commit after the token request went out fails the login: nothing stored, the tokens revoked', async () => {
  await atCallback()
  // The take's transaction reports an abort; the store's retry then finds the used mark.
  const { release } = holdReadwriteCommits({ count: 1, abort: true })
  release()
  const failed = await client().start()
  expect(failed).toMatchObject({ status: 'unauthenticated', error: { code: 'AUTH_TRANSACTION_MISSING' } })
  expect(op.tokenCalls()).toHaveLength(1) // the code was spent
  // What it gave was never stored: it is revoked at the provider, not left live.
  await vi.waitFor(() => expect(op.calls.filter((call) => call.includes('/revoke'))).toHaveLength(1))
  vi.restoreAllMocks()
  history.replaceState(null, '', '/')
  expect(await client().start()).toMatchObject({ status: 'unauthenticated' }) // nothing was stored
})

it('a redirect login leaves the page only once none of its IndexedDB transactions is open', async () => {
  // One left open (the page frozen in the back/forward cache) would hold up the callback page's
  // take. Here the app reads the store whenever the login writes, and reads take a while to end.
  const auth = client()
  let reads = 0
  const open = new Set<IDBTransaction>()
  const create = IDBDatabase.prototype.transaction
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (
    this: IDBDatabase,
    ...args: Parameters<IDBDatabase['transaction']>
  ) {
    const transaction = create.apply(this, args)
    open.add(transaction)
    const ended = () => open.delete(transaction)
    transaction.addEventListener('complete', ended)
    transaction.addEventListener('abort', ended)
    if (args[1] === 'readwrite') {
      // (The app asks for a token for another API: a read of the store.)
      if (reads++ < 3) {
        queueMicrotask(
          () => void auth.getAccessToken({ audience: API2, cacheMode: 'cache-only' }).catch(() => {}),
        )
      }
    } else if (String(args[0]) === 'v1') {
      const store = transaction.objectStore('v1')
      const busy = (rounds: number): void => {
        store.count().onsuccess = () => rounds > 0 && busy(rounds - 1)
      }
      busy(20)
    }
    return transaction
  })
  const openAtLeave: number[] = []
  vi.mocked(location.assign).mockImplementation((url) => {
    openAtLeave.push(open.size)
    op.authorize(url)
  })
  await signIn(auth) // (then another login, switching accounts)
  openAtLeave.length = 0
  reads = 0
  await auth.loginWithRedirect()
  expect(openAtLeave).toEqual([0])
})

it("a login replaces the client's records (here two) in one readwrite transaction", async () => {
  const auth = client()
  await auth.start()
  await auth.loginWithRedirect()
  await auth.handleRedirectCallback(op.callbackUrl())
  expect(await auth.getAccessToken({ audience: 'https://api2.example' })).toBe('at-2')
  await auth.loginWithRedirect()
  const callbackPage = client()
  await callbackPage.start()
  const spy = transactions()
  await callbackPage.handleRedirectCallback(op.callbackUrl())
  expect(writes(spy)).toBe(2) // take the transaction (leaving its used mark), replace the records
  expect(await callbackPage.getAccessToken()).toBe('at-3')
  await expect(
    client().getAccessToken({ audience: 'https://api2.example', cacheMode: 'cache-only' }),
  ).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' })
})

it('one callback in two tabs: the tab that finds it used says so, then shows the session the other tab stored', async () => {
  // The first tab takes the callback; its token request waits until the second tab has found it used.
  let releaseToken!: () => void
  const tokenHeld = new Promise<void>((resolve) => (releaseToken = resolve))
  let tokenReached!: () => void
  const reachedToken = new Promise<void>((resolve) => (tokenReached = resolve))
  const fetch: typeof op.fetch = async (input, init) => {
    if (String(input).endsWith('/token')) {
      tokenReached()
      await tokenHeld
    }
    return op.fetch(input, init)
  }
  const login = client({ fetch })
  await login.start()
  await login.loginWithRedirect()
  const completing = login.handleRedirectCallback(op.callbackUrl())
  await reachedToken
  history.replaceState(null, '', op.callbackUrl())
  const second = client()
  expect(await second.start()).toMatchObject({
    status: 'unauthenticated',
    error: { code: 'AUTH_TRANSACTION_MISSING' },
  })
  releaseToken()
  await completing
  await vi.waitFor(() => expect(second.getSnapshot()).toMatchObject({ status: 'authenticated' }))
  expect(second.getSnapshot().error).toBeUndefined()
  expect(op.tokenCalls()).toHaveLength(1)
})

it('a tab that starts while another signs out says why it is signed out (no guard signs back in)', async () => {
  const tabA = await signIn()
  tabA.stop() // it still posts its sign-out, but does not answer the new tab: the disk read races here
  // The second tab's read of the session is held until the other tab has signed out and said so.
  const decrypt = crypto.subtle.decrypt.bind(crypto.subtle)
  let held: (() => void) | undefined
  const reached = new Promise<void>((resolve) => {
    vi.spyOn(crypto.subtle, 'decrypt').mockImplementation(async (algorithm, key, data) => {
      const name = new TextDecoder().decode((algorithm as AesGcmParams).additionalData as Uint8Array)
      if (name.startsWith('tokens:') && !held) {
        await new Promise<void>((release) => {
          held = release
          resolve()
        })
      }
      return decrypt(algorithm, key, data)
    })
  })
  sessionStorage.clear() // a new tab's own sessionStorage: no hint
  const tabB = client()
  const started = tabB.start()
  await reached
  await tabA.logout({ federated: false })
  await vi.waitFor(() => expect(tabB.getSnapshot()).toMatchObject({ reason: 'logout' }))
  held!()
  expect(await started).toMatchObject({ status: 'unauthenticated', reason: 'logout' })
})

it('start-up reads one sessionStorage key, the hint (none with sessionHint: false: it only removes an old hint when idle), and writes nothing before the snapshot', async () => {
  const used: string[] = []
  const real = sessionStorage
  vi.stubGlobal('sessionStorage', {
    getItem: (key: string) => (used.push('get ' + key), real.getItem(key)),
    setItem: (key: string, value: string) => (used.push('set ' + key), real.setItem(key, value)),
    removeItem: (key: string) => (used.push('remove ' + key), real.removeItem(key)),
    key: (index: number) => real.key(index),
    get length() {
      return real.length
    },
  })
  const HINT = `lanyard:${ISSUER}:spa||openid profile email offline_access|hint`
  const first = client()
  let atSnapshot: string[] | undefined
  first.subscribe(() => (atSnapshot ??= [...used]))
  await first.start()
  expect(atSnapshot).toEqual([`get ${HINT}`])
  first.stop() // (it would write its hint for the login below)
  real.setItem(HINT, JSON.stringify({ user: { sub: 'alice' } })) // left by a page with hints on
  used.length = 0
  await client({ sessionHint: false }).start()
  expect(used).toEqual([])
  // Later, when idle: the removal of that hint, and nothing else.
  await vi.waitFor(() => expect(used).toEqual([`remove ${HINT}`]))
  // A login's callback carries a state too, but it is not a logout's.
  used.length = 0
  const login = client({ sessionHint: false })
  await login.start()
  await login.loginWithRedirect()
  history.replaceState(null, '', op.callbackUrl())
  expect(await client({ sessionHint: false }).start()).toMatchObject({ status: 'authenticated' })
  await new Promise<void>((resolve) => whenIdle(resolve)) // after the clients' idle work, in order
  expect(used).toEqual([])
})

it("a logout coming back: the state it sent leaves the address bar, the app's parameters stay", async () => {
  sessionStorage.setItem('lanyard:logout-state', 'sent-state')
  history.replaceState(null, '', '/?state=sent-state&tab=2')
  await client().start()
  expect(location.search).toBe('?tab=2')
  expect(sessionStorage.getItem('lanyard:logout-state')).toBeNull()
})
