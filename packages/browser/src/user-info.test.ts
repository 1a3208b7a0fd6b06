import { afterEach, beforeEach, expect, it } from 'vitest'
import { fakeOp, json, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'
import { createUserInfoSupport, userInfo } from './user-info-support.ts'

let op: FakeOp
const { client, stopAll } = testClients(() => op)
const signIn = async () => {
  const auth = client({ userInfo })
  await auth.start()
  await auth.loginWithRedirect()
  await auth.handleRedirectCallback(op.callbackUrl())
  return auth
}
const userinfoCalls = () => op.requests.filter((request) => request.url.endsWith('/userinfo'))

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => stopAll())

it("getUserInfo: the UserInfo endpoint's claims, fetched with the access token", async () => {
  let authorization: string | null = null
  op.handler = (url, init) => {
    if (url.pathname === '/userinfo') authorization = new Headers(init.headers).get('authorization')
    return undefined
  }
  const auth = await signIn()
  expect(await auth.getUserInfo()).toEqual({ sub: 'alice', name: 'Alice' })
  expect(authorization).toBe('Bearer at-1')
})

it('getUserInfo refuses an answer about another subject (OIDC Core 5.3.2), and keeps the session', async () => {
  const auth = await signIn()
  op.handler = (url) => (url.pathname === '/userinfo' ? json({ sub: 'mallory', name: 'Mallory' }) : undefined)
  await expect(auth.getUserInfo()).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated', user: { sub: 'alice' } })
})

it('getUserInfo signed out: AUTH_LOGIN_REQUIRED, and nothing is sent', async () => {
  const auth = client({ userInfo })
  await auth.start()
  await expect(auth.getUserInfo()).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' })
  expect(userinfoCalls()).toEqual([])
})

it('getUserInfo without the userInfo option is misuse (a TypeError with a code), and nothing is sent', async () => {
  const auth = client()
  await auth.start()
  await auth.loginWithRedirect()
  await auth.handleRedirectCallback(op.callbackUrl())
  const failure = await auth.getUserInfo().catch((error: unknown) => error)
  expect(failure).toBeInstanceOf(TypeError)
  expect(failure).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
  expect(userinfoCalls()).toEqual([])
})

it('getUserInfo after a 401 invalid_token refreshes once and asks again (like auth.fetch)', async () => {
  const auth = await signIn()
  let refused = 1
  op.handler = (url) =>
    url.pathname === '/userinfo' && refused-- > 0
      ? new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
      : undefined
  expect(await auth.getUserInfo()).toEqual({ sub: 'alice', name: 'Alice' })
  expect(userinfoCalls()).toHaveLength(2)
  expect(op.tokenCalls().map((body) => body.get('grant_type'))).toEqual([
    'authorization_code',
    'refresh_token',
  ])
})

it('getUserInfo refused twice: the error, once refreshed (no loop), and the session is kept', async () => {
  const auth = await signIn()
  op.handler = (url) =>
    url.pathname === '/userinfo'
      ? new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
      : undefined
  await expect(auth.getUserInfo()).rejects.toMatchObject({
    code: 'AUTH_TOKEN_REQUEST_FAILED',
    error: 'invalid_token',
  })
  expect(userinfoCalls()).toHaveLength(2)
  expect(auth.getSnapshot().status).toBe('authenticated')
})

it('the UserInfo chunk unreachable: AUTH_NETWORK_ERROR, session kept, tried again; never answering: AUTH_TIMEOUT', async () => {
  let offline = true
  const support = createUserInfoSupport(() =>
    offline
      ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
      : import('./user-info-chunk.ts'),
  )
  const auth = client({ userInfo: support })
  await auth.start()
  await auth.loginWithRedirect()
  await auth.handleRedirectCallback(op.callbackUrl())
  await expect(auth.getUserInfo()).rejects.toMatchObject({ code: 'AUTH_NETWORK_ERROR' })
  expect(auth.getSnapshot().status).toBe('authenticated')
  offline = false
  expect(await auth.getUserInfo()).toMatchObject({ sub: 'alice' })

  const slow = client({
    userInfo: createUserInfoSupport(() => new Promise<never>(() => {})),
    timeouts: { httpMs: 50 },
  })
  await slow.start()
  await expect(slow.getUserInfo()).rejects.toMatchObject({ code: 'AUTH_TIMEOUT' })
  expect(slow.getSnapshot().status).toBe('authenticated')
})
