// A reload shows the session at once from the tab's hint (sessionStorage), and IndexedDB has the
// last word. Clients in one happy-dom window share its sessionStorage: here, a reload of one tab.
import { IDBDatabase } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import type { AuthClient } from './auth-client.ts'
import type { AuthState } from './auth-state.ts'
import { createIndexedDbStore } from './kv-store.ts'
import { createSessionHints } from './session-hint.ts'
import { sessionTimers } from './session-timers.ts'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp
const { client, signIn, stopAll } = testClients(() => op)
const HINT = `lanyard:${ISSUER}:spa||openid profile email offline_access|hint`

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => {
  stopAll()
  vi.restoreAllMocks()
})

/** Signs in, then "reloads": the signed-in page stops (no other tab answers). */
async function signedInThenReload() {
  const tab = await signIn()
  const token = await tab.getAccessToken()
  const user = tab.getUser()
  tab.stop()
  return { token, user }
}

/** Every status a new page's client shows, from before `start()` until it settles. */
function statusesOf(auth: AuthClient): string[] {
  const shown: string[] = []
  auth.subscribe(() => shown.push(auth.getSnapshot().status))
  return shown
}

describe('a signed-in reload', () => {
  it('shows the session from its hint before any IndexedDB transaction; the disk then changes nothing', async () => {
    const { token, user } = await signedInThenReload()
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction')
    const writes = vi.spyOn(sessionStorage, 'setItem')
    const reload = client()
    const seen: unknown[] = []
    let transactionsAtFirst: number | undefined
    reload.subscribe(() => {
      transactionsAtFirst ??= transactions.mock.calls.length
      seen.push(reload.getSnapshot())
    })
    expect(await reload.start()).toMatchObject({
      status: 'authenticated',
      user: { sub: user?.sub },
      hinted: true, // what the last page showed: the disk has not answered yet
    })
    expect(transactionsAtFirst).toBe(0)
    // Tokens come from the disk: the call waits for its read, and makes no request.
    expect(await reload.getAccessToken()).toBe(token)
    expect(op.tokenCalls()).toHaveLength(1) // the login's
    // The disk confirmed what the hint showed: one more snapshot, no longer `hinted`, with the very
    // same user object (nothing re-renders for the user), and no second write of the same hint.
    expect(seen).toHaveLength(2)
    const [shown, confirmed] = seen as AuthState[]
    expect(confirmed).toEqual({ ...shown, hinted: undefined })
    expect(confirmed!.user).toBe(shown!.user)
    expect(writes).not.toHaveBeenCalled()
    expect(reload.getUser()).toEqual(user)
  })

  it('whose session went meanwhile (signed out in a tab that did not reach this one) ends signed out, hint removed', async () => {
    await signedInThenReload()
    await createIndexedDbStore().replace('tokens:', []) // e.g. another tab's logout, this tab away
    const reload = client()
    const statuses = statusesOf(reload)
    expect(await reload.start()).toMatchObject({ status: 'authenticated' })
    await vi.waitFor(() => expect(reload.getSnapshot().status).toBe('unauthenticated'))
    expect(statuses).toEqual(['authenticated', 'unauthenticated'])
    expect(sessionStorage.getItem(HINT)).toBeNull()
    await expect(reload.getAccessToken()).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' })
    // The next reload waits for the disk, and shows no session at any point.
    const next = client()
    const shown = statusesOf(next)
    await next.start()
    expect(shown).toEqual(['unauthenticated'])
  })

  it('whose session went meanwhile: requireLogin() waits for the disk, and sends the user to the login', async () => {
    await signedInThenReload()
    await createIndexedDbStore().replace('tokens:', [])
    const before = op.lastAuthorize
    const reload = client()
    const passed = vi.fn()
    void reload.requireLogin().then(passed)
    await vi.waitFor(() => expect(op.lastAuthorize).not.toBe(before)) // redirected to the login
    expect(passed).not.toHaveBeenCalled() // the route never went through on the hint
    expect(reload.getSnapshot().status).toBe('unauthenticated')
  })

  it('after a logout shows no session at any point', async () => {
    const tab = await signIn()
    await tab.logout({ federated: false })
    expect(sessionStorage.getItem(HINT)).toBeNull()
    const reload = client()
    const shown = statusesOf(reload)
    await reload.start()
    expect(shown).toEqual(['unauthenticated'])
  })

  it("a logout also removes this client's hints under other session keys (an earlier scope or audience)", async () => {
    const earlier = `lanyard:${ISSUER}:spa|api.example|openid`
    createSessionHints(earlier).write({ user: { sub: 'alice' } })
    const another = `lanyard:${ISSUER}:spa2||openid profile email offline_access` // another client's
    createSessionHints(another).write({ user: { sub: 'carol' } })
    const tab = await signIn()
    await tab.logout({ federated: false })
    const hints = Object.keys(sessionStorage).filter((key) => key.endsWith('|hint'))
    expect(hints).toEqual([`${another}|hint`])
  })
})

it("a subscriber that asks for a token on the hint's snapshot joins the one start-up", async () => {
  const { token } = await signedInThenReload()
  // Start-up posts its question to the other tabs synchronously: counted as it is sent.
  const posts = vi.spyOn(BroadcastChannel.prototype, 'postMessage')
  const reload = client()
  let first: Promise<string> | undefined
  reload.subscribe(() => (first ??= reload.getAccessToken()))
  await reload.start()
  expect(await first).toBe(token)
  const asked = posts.mock.calls.filter(
    ([message]) => (message as { type?: string })?.type === 'session-wanted',
  )
  expect(asked).toHaveLength(1) // one start-up: one question to the other tabs, one set of listeners
})

it('an opaque origin (a sandboxed frame, file://) with the default redirect URI: start() still settles', async () => {
  await signedInThenReload()
  vi.spyOn(window.location, 'origin', 'get').mockReturnValue('null')
  const auth = client() // (its redirect URI: the origin's root, which an opaque origin does not have)
  const state = await auth.start()
  expect(state.status).not.toBe('loading')
  expect(auth.getSnapshot().status).not.toBe('loading')
})

it('the hint holds the user and expiry, never a token', async () => {
  const tab = await signIn()
  const stored = sessionStorage.getItem(HINT)!
  expect(JSON.parse(stored)).toEqual({ user: tab.getUser(), expiresAt: tab.getSnapshot().expiresAt })
  const request = op.tokenCalls()[0]!
  expect(request.get('code')).toBeTruthy()
  for (const record of Object.values(sessionStorage)) {
    expect(record).not.toContain(await tab.getAccessToken())
    expect(record).not.toMatch(/refresh_token|access_token|id_token|"rt-|eyJ/)
  }
})

it.each([
  ['cache: memory', { cache: 'memory' as const }],
  ['idle sign-out', { idleTimeoutSeconds: 600, sessionTimers }],
  ['sessionHint: false', { sessionHint: false }],
])('no hint with %s', async (_name, options) => {
  await signIn(client(options))
  expect(Object.keys(sessionStorage).filter((key) => key.endsWith('|hint'))).toEqual([])
})

it('a hint an earlier page wrote is removed once hints are off (say, a deploy turned them off)', async () => {
  await signedInThenReload()
  expect(sessionStorage.getItem(HINT)).not.toBeNull()
  const reload = client({ sessionHint: false })
  const statuses = statusesOf(reload)
  expect(await reload.start()).toMatchObject({ status: 'authenticated' })
  expect(statuses).toEqual(['authenticated']) // from the disk: the old hint was not shown
  await vi.waitFor(() => expect(sessionStorage.getItem(HINT)).toBeNull()) // when the page is idle
})

describe('createSessionHints', () => {
  const KEY = 'lanyard:x:y||openid'
  it('reads back what it wrote, and nothing malformed or over', () => {
    let now = 1_000
    const hints = createSessionHints(KEY, KEY, () => now)
    hints.write({ user: { sub: 'u1', name: 'U' }, expiresAt: 5, deadAt: 2_000 })
    expect(hints.read()).toEqual({ user: { sub: 'u1', name: 'U' }, expiresAt: 5, deadAt: 2_000 })
    now = 2_000 // a session without a refresh token whose token is over
    expect(hints.read()).toBeUndefined()
    for (const malformed of ['{', '[]', '{"user":{}}', '{"user":{"sub":1}}', '{"expiresAt":"5"}', 'null']) {
      sessionStorage.setItem('m|hint', malformed)
      expect(createSessionHints('m').read()).toBeUndefined()
    }
    hints.clear()
    expect(sessionStorage.getItem(KEY + '|hint')).toBeNull()
  })

  it('writes only what changed, and survives a refused sessionStorage', () => {
    const hints = createSessionHints(KEY)
    const setItem = vi.spyOn(sessionStorage, 'setItem')
    hints.write({ user: { sub: 'u1' }, expiresAt: 5 })
    hints.write({ user: { sub: 'u1' }, expiresAt: 5 })
    expect(setItem).toHaveBeenCalledOnce()
    setItem.mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    expect(() => hints.write({ user: { sub: 'u1' }, expiresAt: 6 })).not.toThrow()
    vi.spyOn(sessionStorage, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    expect(hints.read()).toBeUndefined()
  })
})
