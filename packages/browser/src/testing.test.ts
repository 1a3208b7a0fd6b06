import {
  AUTH_DISCOVERY_FAILED,
  AUTH_LOGIN_REQUIRED,
  AUTH_POPUP_CLOSED,
  AuthError,
  isAuthError,
} from '@lanyard/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as publicApi from './index.ts'
import { createMockAuthClient, type MockFailableMethod } from './testing.ts'

// Every code the package exports (AUTH_*), so a code added later is covered without editing this.
const CODES = Object.entries(publicApi)
  .filter(([name, value]) => name.startsWith('AUTH_') && typeof value === 'string')
  .map(([, value]) => value as publicApi.AuthErrorCode)

// A promise that has not settled after the queued work ran.
async function pending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 0))
  return !settled
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

beforeEach(() => history.replaceState(null, '', '/orders/7?tab=2#items'))
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  history.replaceState(null, '', '/')
})

describe('createMockAuthClient', () => {
  it('with a user: signed in at once, a fake token, the user and ID token claims, no login step', async () => {
    const auth = createMockAuthClient({ user: { sub: 'alice', name: 'Alice' } })
    expect(auth.getSnapshot()).toMatchObject({
      status: 'authenticated',
      user: { sub: 'alice', name: 'Alice' },
    })
    expect(auth.getSnapshot().expiresAt).toBeGreaterThan(Date.now() / 1000)
    expect(await auth.start()).toBe(auth.getSnapshot())
    expect(await auth.getAccessToken()).toBe('mock-access-token')
    expect(auth.getUser()).toBe(auth.getSnapshot().user)
    expect(auth.getIdTokenClaims()).toMatchObject({ sub: 'alice', name: 'Alice', iss: expect.any(String) })
    expect(auth.getIdTokenClaims()).toBe(auth.getIdTokenClaims()) // stable per user
    await auth.requireLogin()
    expect(auth.callsTo('loginWithRedirect')).toEqual([])
  })

  it('without a user: signed out; getAccessToken throws AUTH_LOGIN_REQUIRED', async () => {
    const auth = createMockAuthClient()
    expect(auth.getSnapshot()).toEqual({ status: 'unauthenticated' })
    const error = await rejection(auth.getAccessToken())
    expect(isAuthError(error, AUTH_LOGIN_REQUIRED)).toBe(true)
    expect(auth.getUser()).toBeUndefined()
    expect(auth.getIdTokenClaims()).toBeUndefined()
  })

  it('requireLogin is the real guard: one silent attempt, then one redirect with returnTo, never resolving', async () => {
    const auth = createMockAuthClient()
    const first = auth.requireLogin()
    const second = auth.requireLogin()
    expect(await pending(Promise.race([first, second]))).toBe(true)
    expect(auth.callsTo('getAccessToken')).toHaveLength(1)
    expect(auth.callsTo('loginWithRedirect')).toEqual([[{ appState: { returnTo: '/orders/7?tab=2#items' } }]])
    const order = auth.calls.map((call) => call.method).filter((method) => method !== 'requireLogin')
    expect(order).toEqual(['start', 'start', 'getAccessToken', 'loginWithRedirect'])
    expect(auth.getSnapshot().status).toBe('unauthenticated') // the page would be leaving
  })

  it('requireLogin after a failed login rejects with that failure and does not redirect', async () => {
    const auth = createMockAuthClient({ error: 'AUTH_AUTHORIZATION_ERROR' })
    const error = await rejection(auth.requireLogin())
    expect(isAuthError(error, 'AUTH_AUTHORIZATION_ERROR')).toBe(true)
    expect(auth.callsTo('loginWithRedirect')).toEqual([])
  })

  it('a login step that fails shows in the snapshot, as the real client does', async () => {
    const auth = createMockAuthClient()
    auth.failNext('loginWithRedirect', AUTH_DISCOVERY_FAILED)
    const error = await rejection(auth.requireLogin())
    expect(isAuthError(error, AUTH_DISCOVERY_FAILED)).toBe(true)
    expect(auth.getSnapshot().error).toBe(error)
  })

  it('the test changes the state: subscribers hear each change once, the snapshot is stable between', () => {
    const auth = createMockAuthClient({ status: 'loading' })
    const heard = vi.fn()
    const unsubscribe = auth.subscribe(heard)
    expect(auth.getSnapshot()).toEqual({ status: 'loading' })
    expect(auth.getSnapshot()).toBe(auth.getSnapshot())

    auth.signIn({ sub: 'bob' })
    expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated', user: { sub: 'bob' } })
    auth.signOut('idle')
    expect(auth.getSnapshot()).toEqual({ status: 'unauthenticated', reason: 'idle' })
    auth.signOut('ended')
    expect(auth.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'ended' })
    expect(isAuthError(auth.getSnapshot().error, AUTH_LOGIN_REQUIRED)).toBe(true)
    const state = { status: 'authenticated', user: { sub: 'carol' }, expiresAt: 42 } as const
    auth.setState(state)
    expect(auth.getSnapshot()).toBe(state)
    auth.fail(AUTH_POPUP_CLOSED)
    expect(auth.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: AUTH_POPUP_CLOSED },
    })
    expect(heard).toHaveBeenCalledTimes(5)

    unsubscribe()
    auth.signIn()
    expect(heard).toHaveBeenCalledTimes(5)
    expect(auth.getSnapshot().user).toEqual({ sub: 'user' }) // the default loginAs
  })

  it('loginWithPopup and handleRedirectCallback sign in as loginAs; logout signs out; all recorded', async () => {
    const auth = createMockAuthClient({ loginAs: { sub: 'dave' } })
    const popup = await auth.loginWithPopup({ authorizationParams: { prompt: 'login' } })
    expect(popup).toEqual({ sub: 'dave' })
    expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated', user: { sub: 'dave' } })

    await auth.logout({ returnTo: '/bye' })
    expect(auth.getSnapshot()).toEqual({ status: 'unauthenticated', reason: 'logout' })

    await auth.loginWithRedirect({ appState: { returnTo: '/cart' } })
    expect(auth.getSnapshot().status).toBe('unauthenticated') // a real page would leave now
    expect(await auth.handleRedirectCallback('https://app.example/callback?code=c&state=s')).toEqual({
      appState: { returnTo: '/cart' },
    })
    expect(auth.getSnapshot().status).toBe('authenticated')
    expect(auth.calls.map((call) => call.method)).toEqual([
      'loginWithPopup',
      'logout',
      'loginWithRedirect',
      'handleRedirectCallback',
    ])
    expect(auth.callsTo('logout')).toEqual([[{ returnTo: '/bye' }]])
  })

  it('reauthenticate signs in again as loginAs after an idle sign-out; keepAlive is recorded', async () => {
    const auth = createMockAuthClient({ user: { sub: 'erin' }, loginAs: { sub: 'erin' } })
    await auth.keepAlive()
    auth.signOut('idle')
    expect(auth.getSnapshot()).toEqual({ status: 'unauthenticated', reason: 'idle' })
    expect(await auth.reauthenticate()).toEqual({ sub: 'erin' })
    expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated', user: { sub: 'erin' } })
    expect(auth.calls.map((call) => call.method)).toEqual(['keepAlive', 'reauthenticate'])
  })

  it('takeRedirectResult gives the redirectResult option once', () => {
    const auth = createMockAuthClient({
      user: { sub: 'alice' },
      redirectResult: { appState: { returnTo: '/x' } },
    })
    expect(auth.takeRedirectResult()).toEqual({ appState: { returnTo: '/x' } })
    expect(auth.takeRedirectResult()).toBeUndefined()
  })

  it('every error code can be triggered, in the snapshot and on any action', async () => {
    expect(CODES).toContain(AUTH_LOGIN_REQUIRED)
    expect(CODES.length).toBeGreaterThanOrEqual(14)
    const methods: MockFailableMethod[] = [
      'loginWithRedirect',
      'handleRedirectCallback',
      'requireLogin',
      'loginWithPopup',
      'getAccessToken',
      'fetch',
      'logout',
    ]
    for (const code of CODES) {
      const auth = createMockAuthClient({ user: { sub: 'alice' } })
      auth.fail(code)
      expect(auth.getSnapshot()).toMatchObject({ status: 'unauthenticated', error: { code } })
      expect(createMockAuthClient({ error: code }).getSnapshot().error).toMatchObject({ code })
      for (const method of methods) {
        auth.signIn()
        auth.failNext(method, code)
        const call = auth[method] as (...args: unknown[]) => Promise<unknown>
        const error = await rejection(call(method === 'fetch' ? '/api' : undefined))
        expect(isAuthError(error, code), `${method} ${code}`).toBe(true)
        expect(auth.getSnapshot().status, 'the state is left as it was').toBe('authenticated')
        await call(method === 'fetch' ? '/api' : undefined).catch(() => {}) // only the next call
      }
    }
    // An error object is passed on as it is.
    const auth = createMockAuthClient({ user: { sub: 'alice' } })
    const own = new AuthError(AUTH_POPUP_CLOSED, 'closed', { error: 'x' })
    auth.failNext('loginWithPopup', own)
    expect(await rejection(auth.loginWithPopup())).toBe(own)
    expect(await auth.loginWithPopup()).toEqual({ sub: 'alice' })
  })

  it('fetch: the handler gets the request with the token; signed out, nothing is sent', async () => {
    const seen: Request[] = []
    const auth = createMockAuthClient({
      user: { sub: 'alice' },
      accessToken: 'token-1',
      fetch: (request) => {
        seen.push(request)
        return Response.json({ ok: true })
      },
    })
    const response = await auth.fetch('/api/me?x=1', { method: 'POST', headers: { 'x-extra': '1' } })
    expect(await response.json()).toEqual({ ok: true })
    expect(seen[0]?.url).toBe(`${location.origin}/api/me?x=1`)
    expect(seen[0]?.method).toBe('POST')
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer token-1')
    expect(seen[0]?.headers.get('x-extra')).toBe('1')

    auth.signOut('logout')
    expect(isAuthError(await rejection(auth.fetch('/api/me')), AUTH_LOGIN_REQUIRED)).toBe(true)
    expect(seen).toHaveLength(1)
    const unanswered = createMockAuthClient({ user: { sub: 'alice' } })
    expect((await unanswered.fetch('https://api.example/x')).status).toBe(501)
  })

  it('no network, no storage, no navigation', async () => {
    const network = vi.fn()
    vi.stubGlobal('fetch', network)
    vi.stubGlobal('indexedDB', undefined)
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    const auth = createMockAuthClient()
    void auth.requireLogin()
    await auth.loginWithPopup()
    await auth.getAccessToken({ cacheMode: 'off' })
    await auth.fetch('/api')
    await auth.logout()
    auth.stop()
    expect(network).not.toHaveBeenCalled()
    expect(assign).not.toHaveBeenCalled()
    expect(auth.calls.map((call) => call.method)).toContain('stop')
  })

  it('misuse is a TypeError with a stable code', () => {
    const missingSub = { name: 'no sub' } as unknown as { sub: string }
    expect(() => createMockAuthClient({ user: missingSub })).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }),
    )
    expect(() => createMockAuthClient({ user: { sub: 'a' }, status: 'unauthenticated' })).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' }),
    )
    expect(() => createMockAuthClient().signIn(missingSub)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })

  it('ships no test framework: nothing it imports, however deep, is vitest, jest or a testing library', async () => {
    // Node's fs, untyped on purpose: this package's types have no node (tests run in node anyway).
    const fs = (await import(/* @vite-ignore */ `node:${'fs'}`)) as {
      readFileSync(file: URL, encoding: 'utf8'): string
    }
    const cwd = (globalThis as unknown as { process: { cwd(): string } }).process.cwd()
    const seen = new Set<string>()
    const external = new Set<string>()
    const visit = (file: URL) => {
      if (seen.has(file.href)) return
      seen.add(file.href)
      const source = fs.readFileSync(file, 'utf8')
      for (const [, specifier] of source.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm)) {
        if (specifier!.startsWith('.')) visit(new URL(specifier!, file))
        else external.add(specifier!)
      }
    }
    visit(new URL('packages/browser/src/testing.ts', `file://${cwd}/`))
    expect(seen.size).toBeGreaterThan(3)
    expect([...external].sort()).toEqual(['@lanyard/core'])
  })
})
