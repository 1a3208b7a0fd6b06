// What a refresh asks for. The scope (RFC 6749 6): restated, so that Entra ID (which requires it,
// and refuses scopes of two resources in one request) answers for the right API; left out again
// when a provider refuses the restated scope (it granted less than the login asked for). The
// session's RFC 8707 resource: named again (stock oidc-provider issues its token only then).
import { fakeOp, json, type FakeOp } from '@lanyard/test-utils'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp
const { client, signIn, stopAll } = testClients(() => op)
beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => stopAll())

const API = 'api://11111111-2222-3333-4444-555555555555/.default'
const GRAPH = 'https://graph.microsoft.com/User.Read'
// Every refresh sent (also those a test's handler answered).
const refreshes = () =>
  op.requests
    .filter((request) => new URL(request.url).pathname === '/token')
    .map((request) => new URLSearchParams(request.body))
    .filter((body) => body.get('grant_type') === 'refresh_token')

it("a refresh of the session restates the login's scope (Entra ID requires it)", async () => {
  const auth = await signIn(client({ scope: `openid profile ${API}` }))
  const loginScope = op.lastAuthorize!.searchParams.get('scope')
  await auth.getAccessToken({ cacheMode: 'off' })
  expect(loginScope).toBe(`openid profile ${API} offline_access`)
  expect(refreshes().map((body) => body.get('scope'))).toEqual([loginScope])
})

it('a token for another API by scope alone asks for that API and the OpenID scopes only (Entra: one resource per request)', async () => {
  const auth = await signIn(client({ scope: `openid profile email ${API}` }))
  await auth.getAccessToken({ scope: GRAPH })
  expect(refreshes().map((body) => body.get('scope'))).toEqual([
    `openid profile email offline_access ${GRAPH}`,
  ])
})

it('with audience (Auth0) the configured scope goes along, as before', async () => {
  const auth = await signIn(client({ scope: 'openid profile read:messages' }))
  await auth.getAccessToken({ audience: 'https://api.example/', scope: 'write:messages' })
  const [body] = refreshes()
  expect(body!.get('scope')).toBe('openid profile read:messages write:messages')
  expect(body!.get('audience')).toBe('https://api.example/')
})

it('a provider that refuses the restated scope (invalid_scope) is asked once more without one, and the session goes on', async () => {
  const auth = await signIn(client({ scope: 'openid profile email not-granted' }))
  op.handler = (url, init) => {
    const body = new URLSearchParams(String(init?.body))
    if (url.pathname === '/token' && body.get('grant_type') === 'refresh_token' && body.has('scope'))
      return json({ error: 'invalid_scope', error_description: 'not-granted was not granted' }, 400)
    return undefined
  }
  const token = await auth.getAccessToken({ cacheMode: 'off' })
  expect(refreshes().map((body) => body.has('scope'))).toEqual([true, false])
  expect(auth.getSnapshot().status).toBe('authenticated')
  expect(await auth.getAccessToken()).toBe(token)
})

it("invalid_scope for another API is that call's error (not retried), and the session is kept", async () => {
  const auth = await signIn()
  op.handler = (url, init) =>
    url.pathname === '/token' && new URLSearchParams(String(init?.body)).get('grant_type') === 'refresh_token'
      ? json({ error: 'invalid_scope' }, 400)
      : undefined
  await expect(auth.getAccessToken({ scope: GRAPH })).rejects.toMatchObject({
    code: 'AUTH_TOKEN_REQUEST_FAILED',
    error: 'invalid_scope',
  })
  expect(refreshes()).toHaveLength(1)
  expect(auth.getSnapshot().status).toBe('authenticated')
})

it('a refresh of the session names its RFC 8707 resource again, also when asked without the scope', async () => {
  const resource = 'https://api.example/'
  const auth = await signIn(client({ resource, scope: 'openid refused' }))
  op.handler = (url, init) =>
    url.pathname === '/token' && new URLSearchParams(String(init?.body)).has('scope')
      ? json({ error: 'invalid_scope' }, 400)
      : undefined
  await auth.getAccessToken({ cacheMode: 'off' })
  expect(refreshes().map((body) => body.getAll('resource'))).toEqual([[resource], [resource]])
})
