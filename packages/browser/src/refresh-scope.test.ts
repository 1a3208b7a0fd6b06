// What a refresh asks for. The scope: none for the session (RFC 6749 6: the scope granted;
// IdentityServer and oidc-provider refuse a restated one), except on Entra ID, which requires the
// login's again (AADSTS90009 without it) and refuses scopes of two resources in one request
// (AADSTS28000). The session's RFC 8707 resource: named again (stock oidc-provider issues its
// token only then).
import { fakeOp, json, type FakeOp } from '@lanyard/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp
const { client, signIn, stopAll } = testClients(() => op)
beforeEach(() => freshIndexedDb())
afterEach(() => stopAll())

const API = 'api://11111111-2222-3333-4444-555555555555/.default'
const GRAPH = 'https://graph.microsoft.com/User.Read'
const refreshes = () => op.tokenCalls().filter((body) => body.get('grant_type') === 'refresh_token')

describe('Entra ID (its metadata names its cloud)', () => {
  beforeEach(() => {
    op = fakeOp({ metadata: { cloud_instance_name: 'microsoftonline.com' } })
  })

  it("a refresh of the session restates the login's scope", async () => {
    const auth = await signIn(client({ scope: `openid profile ${API}` }))
    const loginScope = op.lastAuthorize!.searchParams.get('scope')
    await auth.getAccessToken({ cacheMode: 'off' })
    expect(loginScope).toBe(`openid profile ${API} offline_access`)
    expect(refreshes().map((body) => body.get('scope'))).toEqual([loginScope])
  })

  it('restates what the login asked for, also a scope given in authorizationParams', async () => {
    const auth = client({ scope: 'openid', authorizationParams: { scope: API } })
    await signIn(auth)
    await auth.getAccessToken({ cacheMode: 'off' })
    await auth.getAccessToken({ cacheMode: 'off' }) // (the refreshed record keeps it)
    const asked = op.lastAuthorize!.searchParams.get('scope')
    expect(asked).toContain(API)
    expect(refreshes().map((body) => body.get('scope'))).toEqual([asked, asked])
  })

  it('a token for another API by scope alone asks for that API and the OpenID Connect scopes only', async () => {
    const auth = await signIn(client({ scope: `openid profile email ${API}` }))
    await auth.getAccessToken({ scope: GRAPH })
    expect(refreshes().map((body) => body.get('scope'))).toEqual([
      `openid profile email offline_access ${GRAPH}`,
    ])
  })
})

describe('any other provider', () => {
  beforeEach(() => {
    op = fakeOp()
  })

  it('a refresh of the session sends no scope (the one granted)', async () => {
    const auth = await signIn(client({ scope: 'openid profile api:read' }))
    await auth.getAccessToken({ cacheMode: 'off' })
    expect(refreshes().map((body) => body.has('scope'))).toEqual([false])
  })

  it('a token for another API or scope asks for the configured scope and the call’s', async () => {
    const auth = await signIn(client({ scope: 'openid profile read:messages' }))
    await auth.getAccessToken({ audience: 'https://api.example/', scope: 'write:messages' })
    await auth.getAccessToken({ scope: 'admin' })
    const [withAudience, byScope] = refreshes()
    expect(withAudience!.get('scope')).toBe('openid profile read:messages write:messages')
    expect(withAudience!.get('audience')).toBe('https://api.example/')
    expect(byScope!.get('scope')).toBe('openid profile read:messages admin')
  })

  it('a refresh of the session names the RFC 8707 resource its login asked for again', async () => {
    const resource = 'https://api.example/'
    const auth = await signIn(client({ resource }))
    await auth.getAccessToken({ cacheMode: 'off' })
    const other = 'https://other.example/'
    await auth.loginWithRedirect({ authorizationParams: { resource: other } })
    await auth.handleRedirectCallback(op.callbackUrl())
    await auth.getAccessToken({ cacheMode: 'off' })
    expect(refreshes().map((body) => body.getAll('resource'))).toEqual([[resource], [other]])
  })

  it('a login that asked for two resources names none on refresh (one per token request)', async () => {
    const auth = client({
      authorizationParams: { resource: ['https://a.example/', 'https://b.example/'] } as never,
    })
    await signIn(auth)
    expect(op.lastAuthorize!.searchParams.getAll('resource')).toHaveLength(2)
    await auth.getAccessToken({ cacheMode: 'off' })
    expect(refreshes().map((body) => body.getAll('resource'))).toEqual([[]])
  })

  it('a grant revoked, seen through a token for another API, ends the session in every tab (its own refresh is refused too)', async () => {
    const auth = await signIn()
    op.handler = (url, init) =>
      url.pathname === '/token' &&
      new URLSearchParams(String(init?.body)).get('grant_type') === 'refresh_token'
        ? json({ error: 'invalid_grant', error_description: 'grant revoked' }, 400)
        : undefined
    await expect(auth.getAccessToken({ audience: 'https://api.example/' })).rejects.toMatchObject({
      code: 'AUTH_LOGIN_REQUIRED',
      error: 'invalid_grant',
    })
    // The other API's refresh, then the session's own, both refused.
    const sent = op.requests.filter((request) => request.url.endsWith('/token')).slice(1)
    expect(sent.map((request) => new URLSearchParams(request.body).has('audience'))).toEqual([true, false])
    expect(auth.getSnapshot()).toMatchObject({ status: 'unauthenticated', reason: 'ended' })
    expect((await client().start()).status).toBe('unauthenticated')
  })

  it("a token for another API refused (invalid_grant: Entra's consent_required) is that call's error: the session stays", async () => {
    const auth = await signIn()
    op.handler = (url, init) =>
      url.pathname === '/token' && new URLSearchParams(String(init?.body)).get('scope')?.includes('admin')
        ? json({ error: 'invalid_grant', error_description: 'AADSTS65001: consent required' }, 400)
        : undefined
    await expect(auth.getAccessToken({ scope: 'admin' })).rejects.toMatchObject({ error: 'invalid_grant' })
    expect(auth.getSnapshot().status).toBe('authenticated')
    expect(await auth.getAccessToken({ cacheMode: 'off' })).toEqual(expect.any(String))
    expect((await client().start()).status).toBe('authenticated')
  })
})
