import { isAuthError } from '@lanyard/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuthClient } from './auth-client.ts'
import type { AuthState } from './auth-state.ts'
import { createAuthClient } from './client.ts'
import type { AuthClientOptions } from './options.ts'
import { ACTIVITY_SHARE_MS, sessionTimers } from './session-timers.ts'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from './test-utils/idb.ts'

// Date and the once-a-second clock are fake; setTimeout stays real, so IndexedDB, the lock and
// BroadcastChannel (the other "tabs") work as they do.
let op: FakeOp
let refreshExpiresIn: number | undefined
const clients: AuthClient[] = []

function client(options: Partial<AuthClientOptions> = {}) {
  const auth = createAuthClient({
    issuer: ISSUER,
    clientId: 'spa',
    // Keycloak's token responses say when the refresh token expires.
    fetch: async (input, init) => {
      const response = await op.fetch(input, init)
      if (!String(input).endsWith('/token') || !response.ok || refreshExpiresIn === undefined) return response
      return Response.json({ ...(await response.json()), refresh_expires_in: refreshExpiresIn })
    },
    onWarning: () => {},
    sessionTimers,
    ...options,
  })
  clients.push(auth)
  return auth
}

async function signIn(auth: AuthClient) {
  await auth.start()
  await auth.loginWithRedirect()
  await auth.handleRedirectCallback(op.callbackUrl())
  return auth
}

/** Resolves with the first snapshot of `auth` for which `match` holds (now or later). */
function until(auth: AuthClient, match: (state: AuthState) => boolean): Promise<AuthState> {
  return new Promise((resolve) => {
    const check = () => {
      if (!match(auth.getSnapshot())) return false
      stop()
      resolve(auth.getSnapshot())
      return true
    }
    const stop = auth.subscribe(check)
    check()
  })
}
const signedOut = (auth: AuthClient) => until(auth, (state) => state.status === 'unauthenticated')

const seconds = (s: number) => vi.advanceTimersByTime(s * 1000)
const revocations = () => op.calls.filter((call) => call === 'POST /revoke')
const federatedLogouts = () =>
  vi.mocked(window.location.assign).mock.calls.filter(([url]) => new URL(String(url)).pathname === '/logout')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
  freshIndexedDb()
  op = fakeOp()
  refreshExpiresIn = undefined
})
afterEach(() => {
  localStorage.clear() // an idle sign-out is remembered there
  vi.useRealTimers()
  for (const auth of clients.splice(0)) auth.stop()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('idle sign-out', () => {
  it('is refused without sessionTimers, so it can never be silently off', () => {
    const error = (() => {
      try {
        createAuthClient({ issuer: ISSUER, clientId: 'spa', idleTimeoutSeconds: 60 })
      } catch (e) {
        return e
      }
    })()
    expect(isAuthError(error, 'AUTH_CONFIG_INVALID')).toBe(true)
    expect((error as Error).message).toMatch(/^idleTimeoutSeconds:/)
    expect(() => client({ warningSeconds: -1 })).toThrow(/^warningSeconds:/)
  })

  it('warns warningSeconds before, then signs out with reason idle: revoked, not federated', async () => {
    const onIdleWarning = vi.fn()
    const auth = await signIn(client({ idleTimeoutSeconds: 120, warningSeconds: 30, onIdleWarning }))
    const signOutAt = Math.ceil((Date.now() + 120_000) / 1000)
    seconds(89)
    expect(auth.getSnapshot().idleExpiresAt).toBeUndefined()
    expect(onIdleWarning).not.toHaveBeenCalled()
    seconds(2)
    expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated', idleExpiresAt: signOutAt })
    expect(onIdleWarning.mock.calls).toEqual([[signOutAt]])
    seconds(28)
    expect(auth.getSnapshot().status).toBe('authenticated')
    seconds(1)
    expect(await signedOut(auth)).toEqual({ status: 'unauthenticated', reason: 'idle' })
    expect(revocations()).toHaveLength(1)
    expect(federatedLogouts()).toEqual([])
    expect(onIdleWarning).toHaveBeenCalledTimes(1)
    // Nothing is left to restore.
    expect(await client().start()).toMatchObject({ status: 'unauthenticated' })
  })

  it('is federated when idleLogout says so', async () => {
    const auth = await signIn(client({ idleTimeoutSeconds: 60, idleLogout: { federated: true } }))
    seconds(61)
    await signedOut(auth)
    await vi.waitUntil(() => federatedLogouts().length === 1)
    expect(revocations()).toHaveLength(1)
  })

  it('activity moves the deadline and ends the warning', async () => {
    const auth = await signIn(client({ idleTimeoutSeconds: 120, warningSeconds: 30 }))
    seconds(100)
    expect(auth.getSnapshot().idleExpiresAt).toEqual(expect.any(Number))
    window.dispatchEvent(new Event('pointermove'))
    expect(auth.getSnapshot().status).toBe('authenticated')
    expect(auth.getSnapshot().idleExpiresAt).toBeUndefined()
    seconds(119)
    expect(auth.getSnapshot().status).toBe('authenticated')
    document.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }))
    seconds(119)
    expect(auth.getSnapshot().status).toBe('authenticated')
    seconds(1)
    expect(await signedOut(auth)).toMatchObject({ reason: 'idle' })
  })

  it('a page woken past its idle time signs out, though waking it was activity', async () => {
    const auth = await signIn(client({ idleTimeoutSeconds: 120 }))
    // The lid closes: Date moves on, no timer runs.
    vi.setSystemTime(Date.now() + 2 * 3600_000)
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
    expect(await signedOut(auth)).toMatchObject({ reason: 'idle' })
    // The wake refresh found no session: no token request after the login's.
    expect(op.tokenCalls()).toHaveLength(1)
  })

  it('stop() detaches the activity listeners and the clock; start() attaches them again', async () => {
    const auth = await signIn(client({ idleTimeoutSeconds: 60 }))
    const removed = vi.spyOn(window, 'removeEventListener')
    auth.stop()
    expect(removed.mock.calls.map(([type]) => type)).toEqual(
      expect.arrayContaining(['pointerdown', 'pointermove', 'keydown', 'wheel', 'focus']),
    )
    seconds(3600)
    expect(auth.getSnapshot().status).toBe('authenticated')
    await auth.start()
    seconds(61)
    expect(await signedOut(auth)).toMatchObject({ reason: 'idle' })
  })

  it('keepAlive() in one tab ends the warning in every tab', async () => {
    const first = await signIn(client({ idleTimeoutSeconds: 120, warningSeconds: 30 }))
    const second = client({ idleTimeoutSeconds: 120, warningSeconds: 30 })
    await second.start()
    seconds(100)
    expect(first.getSnapshot().idleExpiresAt).toEqual(expect.any(Number))
    expect(second.getSnapshot().idleExpiresAt).toEqual(expect.any(Number))
    const cleared = until(second, (state) => state.idleExpiresAt === undefined)
    await first.keepAlive()
    expect(first.getSnapshot().idleExpiresAt).toBeUndefined()
    expect(await cleared).toMatchObject({ status: 'authenticated' })
  })

  it('when the tab with the last activity times out, every tab signs out at once with reason idle', async () => {
    const first = await signIn(client({ idleTimeoutSeconds: 120, warningSeconds: 30 }))
    const second = client({ idleTimeoutSeconds: 120, warningSeconds: 30 })
    await second.start()
    seconds(100)
    // Activity in `second` reaches `first` as if it were ACTIVITY_SHARE_MS later: `second` ends it.
    const heard = until(first, (state) => state.idleExpiresAt === undefined)
    await second.keepAlive()
    await heard
    seconds(120)
    expect(first.getSnapshot().status).toBe('authenticated') // its own deadline has not passed
    expect(await signedOut(second)).toMatchObject({ reason: 'idle' })
    // No time passes from here: `first` follows `second`'s broadcast.
    expect(await signedOut(first)).toEqual({ status: 'unauthenticated', reason: 'idle' })
    expect(ACTIVITY_SHARE_MS).toBeGreaterThanOrEqual(1000)
    expect(revocations()).toHaveLength(1)
  })
})

describe('session-end warnings', () => {
  it('warns warningSeconds before the refresh token expires; keepAlive() refreshes and moves it', async () => {
    refreshExpiresIn = 1800
    const onSessionWarning = vi.fn()
    const auth = await signIn(client({ onSessionWarning }))
    const endsAt = Math.floor(Date.now() / 1000) + 1800
    seconds(1739)
    expect(auth.getSnapshot().sessionExpiresAt).toBeUndefined()
    seconds(2)
    expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated', sessionExpiresAt: endsAt })
    expect(onSessionWarning.mock.calls).toEqual([[endsAt]])

    await auth.keepAlive()
    const refreshes = op.tokenCalls().filter((body) => body.get('grant_type') === 'refresh_token')
    expect(refreshes).toHaveLength(1)
    expect(auth.getSnapshot().status).toBe('authenticated')
    expect(auth.getSnapshot().sessionExpiresAt).toBeUndefined()
    seconds(1800 - 60)
    expect(auth.getSnapshot().sessionExpiresAt).toBe(Math.floor(Date.now() / 1000) + 60)
    expect(onSessionWarning).toHaveBeenCalledTimes(2)
  })

  it('never warns when the end is unknown, or 0 (Keycloak offline tokens)', async () => {
    refreshExpiresIn = 0
    const onSessionWarning = vi.fn()
    const auth = await signIn(client({ onSessionWarning }))
    vi.setSystemTime(Date.now() + 30 * 24 * 3600_000)
    seconds(1)
    expect(auth.getSnapshot().status).toBe('authenticated')
    expect(auth.getSnapshot().sessionExpiresAt).toBeUndefined()
    expect(onSessionWarning).not.toHaveBeenCalled()
  })

  it('a refused refresh ends the session in every tab with reason ended', async () => {
    op.ttl = 30
    const first = await signIn(client())
    const second = client()
    await second.start()
    seconds(20)
    op.tokenResponse = () => Response.json({ error: 'invalid_grant' }, { status: 400 })
    await expect(first.getAccessToken()).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' })
    expect(first.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'ended' })
    expect(await signedOut(second)).toMatchObject({
      reason: 'ended',
      error: { code: 'AUTH_LOGIN_REQUIRED' },
    })
  })
})
