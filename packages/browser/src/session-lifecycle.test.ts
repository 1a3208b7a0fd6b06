import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sessionTimers } from './session-timers.ts'
import { fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp

const { client, signIn, stopAll } = testClients(() => op)

const refreshes = () => op.tokenCalls().filter((body) => body.get('grant_type') === 'refresh_token')
// happy-dom's PageTransitionEvent is a plain Event: `persisted` is set by hand.
const pageshow = (persisted: boolean) =>
  Object.defineProperty(new Event('pageshow'), 'persisted', { value: persisted })
// Moves the page clock (Date only): what a sleeping laptop sees when it wakes.
const sleep = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000)

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => {
  localStorage.clear() // an idle sign-out is remembered there
  vi.useRealTimers()
  stopAll()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('wake from sleep / back online', () => {
  const wakeEvents: [string, () => void][] = [
    ['online', () => window.dispatchEvent(new Event('online'))],
    ['visibilitychange', () => document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))],
    ['pageshow (bfcache)', () => window.dispatchEvent(pageshow(true))],
  ]

  it.each(wakeEvents)('%s: a stale token is refreshed before the next call, once', async (_name, wake) => {
    const auth = await signIn()
    sleep(2 * 3600)
    wake()
    await vi.waitUntil(() => refreshes().length === 1)
    await vi.waitUntil(() => auth.getSnapshot().expiresAt! > Date.now() / 1000 + 3000)
    // The app's next call finds the new token: no request of its own.
    expect(await auth.getAccessToken()).toBe('at-2')
    expect(refreshes()).toHaveLength(1)
  })

  it('two tabs waking at once make one refresh', async () => {
    const first = await signIn()
    const second = client()
    await second.start()
    sleep(2 * 3600)
    window.dispatchEvent(new Event('online')) // both clients listen on this window
    await vi.waitUntil(() => refreshes().length === 1)
    expect(await first.getAccessToken()).toBe('at-2')
    expect(await second.getAccessToken()).toBe('at-2')
    expect(refreshes()).toHaveLength(1)
  })

  it('a fresh token or a stopped client sends nothing; start() listens again', async () => {
    const auth = await signIn()
    window.dispatchEvent(new Event('online')) // fresh: nothing to do
    auth.stop()
    sleep(2 * 3600)
    window.dispatchEvent(new Event('online')) // stopped: not listening
    await auth.start()
    window.dispatchEvent(new Event('online'))
    await vi.waitUntil(() => refreshes().length > 0)
    expect(await auth.getAccessToken()).toBe('at-2')
    // One: the earlier events, had they sent anything, would be counted by now (same lock queue).
    expect(refreshes()).toHaveLength(1)
  })

  it("a page's first pageshow (a load, not the bfcache) sends nothing", async () => {
    const auth = await signIn()
    sleep(2 * 3600)
    window.dispatchEvent(pageshow(false))
    // A wake refresh would have asked for the lock by now (it needs no I/O first) and go first.
    await new Promise((resolve) => setTimeout(resolve, 0))
    await auth.logout({ federated: false })
    expect(refreshes()).toHaveLength(0)
  })
})

describe('keepAlive', () => {
  it('without timers or a known session end, costs nothing', async () => {
    const auth = await signIn()
    op.calls.length = 0
    await auth.keepAlive()
    expect(op.calls).toEqual([])
  })
})

describe('reauthenticate', () => {
  // A popup the test drives: it records where it was sent and "answers" like the callback page.
  function fakePopup() {
    return { closed: false, close: vi.fn(), location: { href: '' } }
  }
  async function answer(popup: ReturnType<typeof fakePopup>, claims: Record<string, unknown> = {}) {
    await vi.waitUntil(() => popup.location.href !== '')
    op.lastAuthorize = new URL(popup.location.href)
    op.claims = claims
    const data = {
      type: 'lanyard:callback',
      state: op.lastAuthorize.searchParams.get('state'),
      url: op.callbackUrl(),
    }
    window.dispatchEvent(
      new MessageEvent('message', { data, origin: location.origin, source: popup as unknown as Window }),
    )
    return op.lastAuthorize.searchParams
  }

  it('after an idle sign-out: popup with login_hint and prompt=login, same user, no page load', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    op.claims = { preferred_username: 'alice', email: 'alice@example.com' }
    const auth = await signIn(client({ sessionTimers, idleTimeoutSeconds: 60 }))
    vi.advanceTimersByTime(61_000)
    await vi.waitUntil(() => auth.getSnapshot().status === 'unauthenticated')
    expect(auth.getSnapshot().reason).toBe('idle')

    const popup = fakePopup()
    const relogin = auth.reauthenticate({ popup: popup as unknown as Window })
    const sent = await answer(popup, { preferred_username: 'alice' })
    expect(await relogin).toMatchObject({ sub: 'alice' })
    expect([sent.get('login_hint'), sent.get('prompt')]).toEqual(['alice', 'login'])
    expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated', user: { sub: 'alice' } })
    expect(vi.mocked(window.location.assign)).toHaveBeenCalledTimes(1) // the first login only
  })

  it('after a session ended: hint from the email, no prompt; the app may override both', async () => {
    op.claims = { email: 'alice@example.com' }
    const auth = await signIn()
    op.ttl = 0
    await auth.logout({ federated: false })
    const popup = fakePopup()
    const relogin = auth.reauthenticate({ popup: popup as unknown as Window })
    const sent = await answer(popup)
    await relogin
    expect([sent.get('login_hint'), sent.get('prompt')]).toEqual(['alice@example.com', null])

    const again = fakePopup()
    const overridden = auth.reauthenticate({
      popup: again as unknown as Window,
      authorizationParams: { prompt: 'select_account', login_hint: 'someone' },
    })
    const sentAgain = await answer(again)
    await overridden
    expect([sentAgain.get('login_hint'), sentAgain.get('prompt')]).toEqual(['someone', 'select_account'])
  })

  it('another user signing in replaces every token of the old one', async () => {
    const auth = await signIn()
    expect(await auth.getAccessToken()).toBe('at-1')
    const popup = fakePopup()
    const relogin = auth.reauthenticate({ popup: popup as unknown as Window })
    await answer(popup, { sub: 'bob', name: 'Bob' })
    expect(await relogin).toMatchObject({ sub: 'bob' })
    expect(await auth.getAccessToken()).toBe('at-2')
    expect(auth.getUser()).toMatchObject({ sub: 'bob' })
    // A reload finds bob, and only bob.
    const reloaded = client()
    expect(await reloaded.start()).toMatchObject({ status: 'authenticated', user: { sub: 'bob' } })
    expect(await reloaded.getAccessToken()).toBe('at-2')
  })
})
