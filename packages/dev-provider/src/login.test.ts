import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CookieJar } from './cookie-jar.ts'
import { completeLogin, completeLogout, denyLogin } from './login.ts'
import { startDevProvider } from './start.ts'
import { authorizationUrl, discover, pkce, REDIRECT_URI, type Discovery } from './test-helpers.ts'
import type { DevProvider } from './types.ts'

let provider: DevProvider
let discovery: Discovery

beforeAll(async () => {
  provider = await startDevProvider({ port: 0, quiet: true })
  discovery = await discover(provider)
})
afterAll(() => provider.close())
beforeEach(() => provider.clearRequests())

async function authUrl(extra: Record<string, string> = {}): Promise<URL> {
  return authorizationUrl(discovery, (await pkce()).challenge, extra)
}

const loginFormPosts = (): number =>
  provider.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/interaction/')).length

describe('completeLogin', () => {
  it('returns the callback URL with code, state and iss', async () => {
    const callback = new URL(await completeLogin(await authUrl()))
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI)
    expect(callback.searchParams.get('code')).toEqual(expect.any(String))
    expect(callback.searchParams.get('state')).toBe('state-1')
    expect(callback.searchParams.get('iss')).toBe(provider.issuer)
  })

  it('reuses the session of a shared cookie jar', async () => {
    const jar = new CookieJar()
    await completeLogin(await authUrl(), { jar })
    expect(loginFormPosts()).toBe(1)
    const second = new URL(await completeLogin(await authUrl(), { jar }))
    expect(second.searchParams.get('code')).toEqual(expect.any(String))
    expect(loginFormPosts()).toBe(1)
  })

  it('returns the authorization error to the client (PKCE is required)', async () => {
    const url = await authUrl()
    url.searchParams.delete('code_challenge')
    url.searchParams.delete('code_challenge_method')
    const callback = new URL(await completeLogin(url))
    expect(callback.searchParams.get('error')).toBe('invalid_request')
  })
})

describe('denyLogin', () => {
  it('cancels the login: access_denied at the callback', async () => {
    const callback = new URL(await denyLogin(await authUrl()))
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI)
    expect(callback.searchParams.get('error')).toBe('access_denied')
    expect(callback.searchParams.get('state')).toBe('state-1')
  })
})

describe('completeLogout', () => {
  it('logs out without a confirmation click and returns to the post-logout URI', async () => {
    const jar = new CookieJar()
    await completeLogin(await authUrl(), { jar })
    const logout = new URL(discovery.end_session_endpoint)
    logout.search = new URLSearchParams({
      client_id: 'lanyard-dev',
      post_logout_redirect_uri: 'http://localhost:4173/',
      state: 'bye',
    }).toString()
    expect(await completeLogout(logout, { jar })).toBe('http://localhost:4173/?state=bye')

    // The session is gone: the next login shows the form again.
    await completeLogin(await authUrl(), { jar })
    expect(loginFormPosts()).toBe(2)
  })

  it('serves a logout page that submits itself with logout=yes', async () => {
    const jar = new CookieJar()
    await completeLogin(await authUrl(), { jar })
    const page = await jar.fetch(`${discovery.end_session_endpoint}?client_id=lanyard-dev`)
    const html = await page.text()
    expect(html).toContain('name="logout" value="yes"')
    expect(html).toContain('document.forms[0].submit()')
  })
})
