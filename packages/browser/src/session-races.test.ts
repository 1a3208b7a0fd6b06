// Late news: work begun for one session that finishes after another login replaced it, in this
// tab or another, must not serve or store the old session's tokens.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { fakeOp, type FakeOp } from '@lanyard/test-utils'
import type { AuthClient } from './auth-client.ts'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp

const { client, signIn, stopAll } = testClients(() => op)
const API2 = 'https://api2.example'
const subOf = (auth: AuthClient) => auth.getSnapshot().user?.sub

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => {
  stopAll()
  history.replaceState(null, '', '/')
  vi.restoreAllMocks()
})

// Tab B holds, from tab A, alice's token for another API; then bob signs in.
async function aliceApiTokenHeldThenBob(bobSignsInHere: boolean) {
  const tabA = await signIn()
  const tabB = client()
  await tabB.start()
  expect(await tabA.getAccessToken({ audience: API2 })).toBe('at-2')
  op.claims = { sub: 'bob' }
  await signIn(bobSignsInHere ? tabB : client())
  await vi.waitFor(() => expect(subOf(tabB)).toBe('bob'))
  return tabB
}

it("after another tab's login, a tab never serves the previous user's token for another API", async () => {
  const tabB = await aliceApiTokenHeldThenBob(false)
  // at-2 is alice's; bob's token for that API comes from bob's grant.
  expect(await tabB.getAccessToken({ audience: API2 })).not.toBe('at-2')
  expect(op.tokenCalls().at(-1)?.get('refresh_token')).toBe('rt-3')
})

it("after its own login, a tab never serves the previous user's token another tab sent it", async () => {
  const tabB = await aliceApiTokenHeldThenBob(true)
  expect(await tabB.getAccessToken({ audience: API2 })).not.toBe('at-2')
  expect(op.tokenCalls().at(-1)?.get('refresh_token')).toBe('rt-3')
})

it("a refresh answered after another tab's login does not bring the previous user back", async () => {
  const tabA = await signIn()
  // Tab B's refresh (alice's grant) is answered, and the answer held until bob has signed in.
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  let answered: () => void = () => {}
  const refreshAnswered = new Promise<void>((resolve) => (answered = resolve))
  const fetch: typeof op.fetch = async (input, init) => {
    const response = await op.fetch(input, init)
    if (String(init?.body ?? '').includes('grant_type=refresh_token')) {
      answered()
      await held
    }
    return response
  }
  const tabB = client({ fetch })
  await tabB.start()
  const refresh = tabB.getAccessToken({ cacheMode: 'off' })
  refresh.catch(() => {})
  await refreshAnswered
  op.claims = { sub: 'bob' }
  await signIn(client())
  await vi.waitFor(() => expect(subOf(tabB)).toBe('bob'))
  release()
  await refresh.catch(() => {})
  expect(subOf(tabB)).toBe('bob')
  expect(subOf(tabA)).toBe('bob')
  // A reload shows bob too: alice's refreshed tokens were not stored over his.
  const reload = client()
  await reload.start()
  expect(subOf(reload)).toBe('bob')
})

it('a tab whose refresh reads after another tab signed out, before it hears so, never uses the ended grant', async () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  try {
    op.ttl = 30
    const tabA = await signIn()
    const tabB = client()
    await tabB.start()
    // Tab A refreshes: tab B hears of it, with the record (tab A saved it to disk).
    vi.setSystemTime(Date.now() + 20_000)
    const refreshed = await tabA.getAccessToken()
    await vi.waitFor(async () =>
      expect(await tabB.getAccessToken({ cacheMode: 'cache-only' })).toBe(refreshed),
    )
    // Tab A signs out; the news is late (the lock can be granted before a message arrives).
    const post = BroadcastChannel.prototype.postMessage
    const late: (() => void)[] = []
    vi.spyOn(BroadcastChannel.prototype, 'postMessage').mockImplementation(function (
      this: BroadcastChannel,
      message: { type?: string },
    ) {
      if (message?.type === 'signed-out') late.push(() => post.call(this, message))
      else post.call(this, message)
    })
    await tabA.logout({ federated: false })
    const tokenCalls = op.tokenCalls().length
    vi.setSystemTime(Date.now() + 20_000)
    // The disk says the session is over: its refresh token is not used.
    await expect(tabB.getAccessToken()).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' })
    expect(op.tokenCalls()).toHaveLength(tokenCalls)
    for (const deliver of late) deliver()
  } finally {
    vi.useRealTimers()
  }
})
