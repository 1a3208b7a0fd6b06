import { AUTH_LOGIN_REQUIRED, AUTH_NETWORK_ERROR, isAuthError } from '@lanyard/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAuthClient } from './client.ts'
import { sessionTimers } from './session-timers.ts'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from './test-utils/idb.ts'

let op: FakeOp
const clients: { stop(): void }[] = []

function client() {
  const auth = createAuthClient({ issuer: ISSUER, clientId: 'spa', fetch: op.fetch, onWarning: () => {} })
  clients.push(auth)
  return auth
}

const redirects = () => vi.mocked(window.location.assign).mock.calls.map(([url]) => new URL(String(url)))
// A promise that has not settled after the queued work ran.
const pending = async (promise: Promise<unknown>) => {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setTimeout(resolve, 0))
  return !settled
}

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
  history.replaceState(null, '', '/orders/7?tab=2#items')
})
afterEach(() => {
  localStorage.clear() // an idle sign-out is remembered there
  for (const auth of clients.splice(0)) auth.stop()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  history.replaceState(null, '', '/')
})

describe('requireLogin (the login step of every guard)', () => {
  it('signed in: resolves with no request', async () => {
    const auth = client()
    await auth.start()
    await auth.loginWithRedirect()
    await auth.handleRedirectCallback(op.callbackUrl())
    const calls = op.calls.length
    await auth.requireLogin()
    expect(op.calls.length).toBe(calls)
    expect(redirects()).toHaveLength(1) // the login's own
  })

  it('signed out: one redirect with appState.returnTo, however often it is called, and it never resolves', async () => {
    const auth = client()
    const first = auth.requireLogin()
    const second = auth.requireLogin()
    expect(await pending(Promise.race([first, second]))).toBe(true)
    const toProvider = redirects().filter((url) => url.pathname === '/authorize')
    expect(toProvider).toHaveLength(1)
    await auth.handleRedirectCallback(op.callbackUrl()).then((result) => {
      expect(result.appState).toEqual({ returnTo: '/orders/7?tab=2#items' })
    })
  })

  it('returnTo: a router guard names the page being loaded (the address bar may not show it yet)', async () => {
    const auth = client()
    expect(await pending(auth.requireLogin({ returnTo: '/invoices/3?q=1#total' }))).toBe(true)
    expect(redirects().filter((url) => url.pathname === '/authorize')).toHaveLength(1)
    const result = await auth.handleRedirectCallback(op.callbackUrl())
    expect(result.appState).toEqual({ returnTo: '/invoices/3?q=1#total' })
  })

  it('returnTo: an absolute URL of this origin becomes its path; another origin is a misuse TypeError', async () => {
    const auth = client()
    const error = await auth.requireLogin({ returnTo: 'https://evil.example/x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
    expect(redirects()).toHaveLength(0)
    expect(await pending(auth.requireLogin({ returnTo: `${location.origin}/a/b?c=d` }))).toBe(true)
    const result = await auth.handleRedirectCallback(op.callbackUrl())
    expect(result.appState).toEqual({ returnTo: '/a/b?c=d' })
  })

  it('after an idle sign-out, the login asks for the credentials again (prompt=login)', async () => {
    const auth = createAuthClient({
      issuer: ISSUER,
      clientId: 'spa',
      fetch: op.fetch,
      onWarning: () => {},
      sessionTimers,
      idleTimeoutSeconds: 60,
    })
    clients.push(auth)
    await auth.start()
    await auth.loginWithRedirect()
    await auth.handleRedirectCallback(op.callbackUrl())
    const now = Date.now()
    vi.spyOn(Date, 'now').mockReturnValue(now + 120_000)
    window.dispatchEvent(new Event('visibilitychange'))
    await vi.waitFor(() => expect(auth.getSnapshot().reason).toBe('idle'))
    vi.mocked(window.location.assign).mockClear()
    expect(await pending(auth.requireLogin())).toBe(true)
    const [toProvider] = redirects()
    expect(toProvider?.searchParams.get('prompt')).toBe('login')
  })

  it('an idle sign-out outlives a reload: the page starts with reason idle, its next login asks for the credentials, and a login clears it', async () => {
    const timed = () => {
      const auth = createAuthClient({
        issuer: ISSUER,
        clientId: 'spa',
        fetch: op.fetch,
        onWarning: () => {},
        sessionTimers,
        idleTimeoutSeconds: 60,
      })
      clients.push(auth)
      return auth
    }
    const auth = timed()
    await auth.start()
    await auth.loginWithRedirect()
    await auth.handleRedirectCallback(op.callbackUrl())
    const now = Date.now()
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 120_000)
    window.dispatchEvent(new Event('visibilitychange'))
    await vi.waitFor(() => expect(auth.getSnapshot().reason).toBe('idle'))
    auth.stop()
    clock.mockRestore()

    // The reload: no session, and the page knows why (a guard shows "sign in again", no redirect).
    const reloaded = timed()
    expect(await reloaded.start()).toMatchObject({ status: 'unauthenticated', reason: 'idle' })
    vi.mocked(window.location.assign).mockClear()
    await reloaded.loginWithRedirect()
    expect(redirects()[0]?.searchParams.get('prompt')).toBe('login')
    await reloaded.handleRedirectCallback(op.callbackUrl())
    expect(reloaded.getSnapshot().status).toBe('authenticated')
    await reloaded.logout({ federated: false })

    // Signed in since: an ordinary sign-out, an ordinary next login.
    const later = timed()
    expect(await later.start()).toMatchObject({ status: 'unauthenticated', reason: undefined })
    vi.mocked(window.location.assign).mockClear()
    await later.loginWithRedirect()
    expect(redirects()[0]?.searchParams.get('prompt')).toBeNull()
  })

  it('a login step that fails is shown in the snapshot and rejects; the next call makes no new attempt', async () => {
    const offline = createAuthClient({
      issuer: ISSUER,
      clientId: 'spa',
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
      onWarning: () => {},
    })
    clients.push(offline)
    const error = await offline.requireLogin().catch((e: unknown) => e)
    expect(isAuthError(error, AUTH_NETWORK_ERROR)).toBe(true)
    expect(offline.getSnapshot().error).toBe(error)
    expect(await offline.requireLogin().catch((e: unknown) => e)).toBe(error)
    expect(redirects()).toHaveLength(0)
  })

  it('a misuse TypeError from the login call is reported as what it is, not as an AuthError', async () => {
    const auth = createAuthClient({
      issuer: ISSUER,
      clientId: 'spa',
      fetch: op.fetch,
      onWarning: () => {},
      authorizationParams: { state: 'mine' },
    })
    clients.push(auth)
    const error = await auth.requireLogin().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError)
    expect(isAuthError(error)).toBe(false)
    expect(auth.getSnapshot().error).toBe(error)
  })
})

describe('AuthState.reason', () => {
  it("is 'logout' after a logout and 'ended' (with AUTH_LOGIN_REQUIRED) when the refresh is refused", async () => {
    const auth = client()
    await auth.start()
    expect(auth.getSnapshot().reason).toBeUndefined()
    await auth.loginWithRedirect()
    await auth.handleRedirectCallback(op.callbackUrl())
    await auth.logout({ federated: false })
    expect(auth.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'logout' })
    expect(auth.getSnapshot().error).toBeUndefined()

    await auth.loginWithRedirect()
    await auth.handleRedirectCallback(op.callbackUrl())
    op.tokenResponse = () =>
      new Response(JSON.stringify({ error: 'invalid_grant' }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      })
    await expect(auth.getAccessToken({ cacheMode: 'off' })).rejects.toMatchObject({
      code: AUTH_LOGIN_REQUIRED,
    })
    expect(auth.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'ended' })
    expect(isAuthError(auth.getSnapshot().error, AUTH_LOGIN_REQUIRED)).toBe(true)
  })
})
