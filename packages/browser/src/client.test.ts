import { isAuthError } from '@lanyard/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAuthClient } from './client.ts'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import { dumpStore, freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp

const { client, stopAll } = testClients(() => op)

async function signIn(auth = client(), appState?: unknown) {
  await auth.start()
  await auth.loginWithRedirect(appState === undefined ? {} : { appState })
  return auth.handleRedirectCallback(op.callbackUrl())
}

// Moves the page clock (Date only) forward: a 30 s token is due for refresh after 15 s.
const later = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000)

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => {
  vi.useRealTimers()
  stopAll()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('createAuthClient', () => {
  it.each([
    [{ issuer: 'http://op.example' }, 'issuer'],
    [{ issuer: 'not a url' }, 'issuer'],
    [{ clientId: '' }, 'clientId'],
    [{ redirectUri: '/relative' }, 'redirectUri'],
    [{ cache: 'cookies' as 'memory' }, 'cache'],
    [{ timeouts: { httpMs: -1 } }, 'timeouts.httpMs'],
    [{ refreshLeewaySeconds: Number.NaN }, 'refreshLeewaySeconds'],
  ])('rejects %o with AUTH_CONFIG_INVALID naming %s', (bad, option) => {
    const error = (() => {
      try {
        createAuthClient({ issuer: ISSUER, clientId: 'spa', ...bad })
      } catch (e) {
        return e
      }
    })()
    expect(isAuthError(error, 'AUTH_CONFIG_INVALID')).toBe(true)
    expect((error as Error).message.startsWith(option + ':')).toBe(true)
  })

  it('has no side effects until start()', () => {
    const open = vi.spyOn(indexedDB, 'open')
    client()
    expect(op.calls).toEqual([])
    expect(open).not.toHaveBeenCalled()
  })

  it('start() is idempotent and restores "unauthenticated" without a request', async () => {
    const auth = client()
    const first = auth.start()
    expect(auth.start()).toBe(first)
    const state = await first
    expect(state).toEqual({ status: 'unauthenticated' })
    expect(auth.getSnapshot()).toBe(state)
    expect(op.calls).toEqual([])
  })
})

describe('redirect login', () => {
  it('sends a PKCE request with offline_access, then exchanges once and returns appState', async () => {
    const auth = client({ audience: 'https://api.example', authorizationParams: { organization: 'org_1' } })
    const seen = vi.fn()
    auth.subscribe(seen)
    const { appState } = await signIn(auth, { returnTo: '/x' })
    const q = op.lastAuthorize!.searchParams
    expect(q.get('scope')).toBe('openid profile email offline_access')
    expect([q.get('audience'), q.get('organization'), q.get('code_challenge_method')]).toEqual([
      'https://api.example',
      'org_1',
      'S256',
    ])
    expect(appState).toEqual({ returnTo: '/x' })
    expect(op.tokenCalls()).toHaveLength(1)
    expect(auth.getSnapshot()).toMatchObject({
      status: 'authenticated',
      user: { sub: 'alice', name: 'Alice' },
    })
    expect(auth.getIdTokenClaims()).toMatchObject({ iss: ISSUER, aud: 'spa', nonce: q.get('nonce') })
    expect(auth.getUser()).toBe(auth.getIdTokenClaims()) // one stable object per ID token
    expect(seen).toHaveBeenCalled()
  })

  it('start() completes a callback in the URL and hands its appState over once', async () => {
    const auth = client()
    await auth.start()
    await auth.loginWithRedirect({ appState: { returnTo: '/orders' } })
    auth.stop()
    history.replaceState(null, '', op.callbackUrl())
    const next = client()
    expect(await next.start()).toMatchObject({ status: 'authenticated' })
    expect(location.search).toBe('')
    expect(next.takeRedirectResult()).toEqual({ appState: { returnTo: '/orders' } })
    expect(next.takeRedirectResult()).toBeUndefined()
    expect(op.tokenCalls()).toHaveLength(1)
  })

  it('never exchanges a replayed callback and keeps the session', async () => {
    const auth = client()
    await signIn(auth)
    const url = op.callbackUrl()
    await expect(auth.handleRedirectCallback(url)).rejects.toMatchObject({ code: 'AUTH_TRANSACTION_MISSING' })
    expect(op.tokenCalls()).toHaveLength(1)
    expect(auth.getSnapshot().status).toBe('authenticated')
  })

  it('rejects an unknown state with AUTH_STATE_MISMATCH and no token request', async () => {
    const auth = client()
    await auth.start()
    await auth.loginWithRedirect()
    const forged = new URL(op.callbackUrl())
    forged.searchParams.set('state', 'forged')
    await expect(auth.handleRedirectCallback(forged.href)).rejects.toMatchObject({
      code: 'AUTH_STATE_MISMATCH',
    })
    expect(op.tokenCalls()).toHaveLength(0)
  })

  it('stores nothing when the ID token fails a check', async () => {
    op.claims = { aud: 'someone-else' }
    const auth = client()
    await expect(signIn(auth)).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
    expect(auth.getSnapshot().status).toBe('unauthenticated')
    expect(await client().start()).toMatchObject({ status: 'unauthenticated' })
  })

  it('keeps tokens encrypted at rest and restores them after a "reload" with no request', async () => {
    await signIn()
    const dump = await dumpStore()
    expect(dump).not.toContain('at-1')
    expect(dump).not.toContain('rt-1')
    expect(dump).not.toContain('eyJ')
    op.calls.length = 0
    const reloaded = client()
    expect(await reloaded.start()).toMatchObject({ status: 'authenticated', user: { sub: 'alice' } })
    expect(await reloaded.getAccessToken()).toBe('at-1')
    expect(op.calls).toEqual([])
  })
})

describe('getAccessToken', () => {
  it('refreshes near expiry once for concurrent callers and stores the rotated token', async () => {
    op.ttl = 30
    const auth = client()
    await signIn(auth)
    later(20)
    op.ttl = 3600
    const tokens = await Promise.all(Array.from({ length: 10 }, () => auth.getAccessToken()))
    expect(new Set(tokens)).toEqual(new Set(['at-2']))
    const refreshes = op.tokenCalls().filter((b) => b.get('grant_type') === 'refresh_token')
    expect(refreshes.map((b) => b.get('refresh_token'))).toEqual(['rt-1'])
    expect(await client().getAccessToken()).toBe('at-2') // persisted
  })

  it('a token for another API comes from the same grant and rotates its one refresh token', async () => {
    op.ttl = 30
    const auth = client()
    await signIn(auth) // rt-1
    later(20) // near expiry
    op.ttl = 3600
    expect(await auth.getAccessToken({ audience: 'https://api2.example' })).toBe('at-2') // rt-1 → rt-2
    expect(await auth.getAccessToken()).toBe('at-3') // the default session refreshes with rt-2
    const refreshes = op.tokenCalls().filter((b) => b.get('grant_type') === 'refresh_token')
    expect(refreshes.map((b) => [b.get('refresh_token'), b.get('audience')])).toEqual([
      ['rt-1', 'https://api2.example'],
      ['rt-2', null],
    ])
  })

  it('treats a token shorter-lived than the leeway as fresh for half its life (no refresh loop)', async () => {
    op.ttl = 30 // below the 60 s leeway
    const auth = client()
    await signIn(auth)
    later(10)
    expect(await auth.getAccessToken()).toBe('at-1')
    later(10) // 20 s in: past half its life
    expect(await auth.getAccessToken()).toBe('at-2')
    expect(op.tokenCalls()).toHaveLength(2)
  })

  it('serves a fresh cached token from memory with no request', async () => {
    const auth = client()
    await signIn(auth)
    op.calls.length = 0
    expect(await auth.getAccessToken()).toBe('at-1')
    expect(op.calls).toEqual([])
  })

  it('answers a fresh token in memory on the next microtask: no further async step (every API call)', async () => {
    const auth = client()
    await signIn(auth)
    for (const request of [undefined, {}, { audience: undefined }]) {
      let token: string | undefined
      void auth.getAccessToken(request).then((value) => (token = value))
      await Promise.resolve()
      expect(token).toBe('at-1')
    }
    // Misuse still rejects (it never throws synchronously).
    const misuse = auth.getAccessToken(null as never)
    await expect(misuse).rejects.toBeInstanceOf(TypeError)
  })

  it('signs out on invalid_grant with AUTH_LOGIN_REQUIRED', async () => {
    op.ttl = 30
    const auth = client()
    await signIn(auth)
    later(20)
    op.tokenResponse = () => Response.json({ error: 'invalid_grant' }, { status: 400 })
    await expect(auth.getAccessToken()).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' })
    expect(auth.getSnapshot()).toMatchObject({
      status: 'unauthenticated',
      error: { code: 'AUTH_LOGIN_REQUIRED' },
    })
    expect(await client().start()).toMatchObject({ status: 'unauthenticated' })
  })

  it('keeps the session through a transient failure', async () => {
    op.ttl = 30
    const auth = client()
    await signIn(auth)
    later(20)
    op.tokenResponse = () => new Response('', { status: 503 })
    await expect(auth.getAccessToken()).rejects.toMatchObject({
      code: 'AUTH_TOKEN_REQUEST_FAILED',
      status: 503,
    })
    expect(auth.getSnapshot().status).toBe('authenticated')
    op.tokenResponse = undefined
    await expect(auth.getAccessToken()).resolves.toBe('at-2')
  })

  it('cache-only never refreshes', async () => {
    op.ttl = 30
    const auth = client()
    await signIn(auth)
    later(20)
    await expect(auth.getAccessToken({ cacheMode: 'cache-only' })).rejects.toMatchObject({
      code: 'AUTH_LOGIN_REQUIRED',
    })
    expect(op.tokenCalls()).toHaveLength(1)
  })
})

describe('fetch', () => {
  it('attaches the bearer token and retries once after an invalid_token 401', async () => {
    const auth = client({ resources: [{ url: 'https://api.example' }] })
    await signIn(auth)
    const seen: string[] = []
    vi.stubGlobal('fetch', async (request: Request) => {
      seen.push(request.headers.get('Authorization')!)
      return seen.length === 1
        ? new Response('', { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } })
        : new Response('ok')
    })
    const response = await auth.fetch('https://api.example/me', { method: 'POST', body: 'x' })
    expect(await response.text()).toBe('ok')
    expect(seen).toEqual(['Bearer at-1', 'Bearer at-2'])
  })
})

describe('logout', () => {
  it('revokes, clears the cache and goes to the end-session endpoint', async () => {
    const auth = client({ postLogoutRedirectUri: 'https://app.example/bye' })
    await signIn(auth)
    await auth.logout()
    expect(op.tokenCalls()).toHaveLength(1)
    expect(op.calls).toContain('POST /revoke')
    expect(auth.getSnapshot()).toEqual({ status: 'unauthenticated', reason: 'logout' })
    const target = new URL(String(vi.mocked(window.location.assign).mock.lastCall![0]))
    expect(target.origin + target.pathname).toBe(`${ISSUER}/logout`)
    expect(target.searchParams.get('post_logout_redirect_uri')).toBe('https://app.example/bye')
    expect(target.searchParams.get('id_token_hint')).toMatch(/^eyJ/)
    expect(await client().start()).toMatchObject({ status: 'unauthenticated' })
  })

  it('revokes the refresh token, or the access token when the provider issued none (RFC 7009)', async () => {
    const revocations = () =>
      op.requests
        .filter((request) => request.url.endsWith('/revoke'))
        .map((request) => new URLSearchParams(request.body))
        .map((body) => [body.get('token_type_hint'), body.get('token')])
    await signIn()
    await client().logout({ federated: false })
    expect(revocations()).toEqual([['refresh_token', 'rt-1']])
    op.refreshTokens = false
    await signIn()
    await client().logout({ federated: false })
    expect(revocations()).toEqual([
      ['refresh_token', 'rt-1'],
      ['access_token', 'at-2'],
    ])
  })
})

describe('storage faults', () => {
  it('falls back to memory with one warning when IndexedDB is missing, and login still works', async () => {
    vi.stubGlobal('indexedDB', undefined)
    const onWarning = vi.fn()
    const auth = client({ onWarning })
    await signIn(auth)
    expect(auth.getSnapshot().status).toBe('authenticated')
    expect(onWarning).toHaveBeenCalledTimes(1)
    expect(onWarning.mock.calls[0]![0]).toMatchObject({ code: 'AUTH_STORAGE_UNAVAILABLE' })
  })
})
