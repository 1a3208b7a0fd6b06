import { AUTH_LOGIN_REQUIRED } from '@lanyard/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAuthClient } from './client.ts'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from './test-utils/idb.ts'

let op: FakeOp
const clients: { stop(): void }[] = []

function client() {
  const auth = createAuthClient({ issuer: ISSUER, clientId: 'spa', fetch: op.fetch, onWarning: () => {} })
  clients.push(auth)
  return auth
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
  freshIndexedDb()
  op = fakeOp()
  op.refreshTokens = false
  op.ttl = 600
})
afterEach(() => {
  for (const auth of clients.splice(0)) auth.stop()
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('a provider that issues no refresh token', () => {
  it('once the access token expires the session is unauthenticated (reason expired) in every tab, also after a reload', async () => {
    const tab = client()
    const otherTab = client()
    await tab.start()
    await otherTab.start()
    await tab.loginWithRedirect()
    await tab.handleRedirectCallback(op.callbackUrl())
    await vi.waitFor(() => expect(otherTab.getSnapshot().status).toBe('authenticated'))

    await vi.advanceTimersByTimeAsync(601_000)
    for (const auth of [tab, otherTab]) {
      await vi.waitFor(() =>
        expect(auth.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'expired' }),
      )
    }
    await expect(tab.getAccessToken()).rejects.toMatchObject({ code: AUTH_LOGIN_REQUIRED })
    const reload = client()
    expect((await reload.start()).status).toBe('unauthenticated')
  })

  it('a reload after expiry starts unauthenticated, not authenticated', async () => {
    const tab = client()
    await tab.start()
    await tab.loginWithRedirect()
    await tab.handleRedirectCallback(op.callbackUrl())
    tab.stop()
    vi.setSystemTime(Date.now() + 601_000)
    const reload = client()
    expect(await reload.start()).toMatchObject({ status: 'unauthenticated', reason: 'expired' })
    expect(op.tokenCalls()).toHaveLength(1)
  })
})
