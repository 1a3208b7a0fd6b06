// The core flows (redirect login, reload, refresh, logout) against every provider profile: one
// Playwright project per profile (`profile:<name>`, see support/profiles.ts), these same specs.
// A project whose provider needs an SDK feature that is not there yet marks its specs fixme, with
// the issue item that brings it.
import type { BrowserContext, Page } from '@playwright/test'
import {
  APP_PAGE,
  configureApp,
  expectView,
  getAccessToken,
  loginWithRedirect,
  nextTokenResponse,
  openApp,
  snapshotReason,
  tokenPosts,
  type TokenResponse,
} from '../support/app.ts'
import { expect, test, type TestProvider } from '../support/fixtures.ts'
import type { E2eProfile } from '../support/profiles.ts'

/** `refreshLeewaySeconds`: the profiles' 60 s access tokens count as expired 55 s after issue. */
const LEEWAY = 5

type Flow = 'login' | 'reload' | 'refresh' | 'logout'

function fixmeFor(profile: E2eProfile, flow: Flow): void {
  const reason = profile.fixme?.all ?? profile.fixme?.[flow]
  test.fixme(reason !== undefined, reason)
}

async function signedIn(context: BrowserContext, page: Page, provider: TestProvider, profile: E2eProfile) {
  await configureApp(context, { issuer: provider.issuer, refreshLeewaySeconds: LEEWAY, ...profile.app })
  expect(await openApp(page)).toEqual({ status: 'unauthenticated', sub: null, error: null })
  const login = nextTokenResponse(page, provider.metadata.token_endpoint)
  await loginWithRedirect(page, provider)
  return login
}

/** The token response is what this profile's provider gives this profile's app. */
function expectProfileTokens(tokens: TokenResponse, profile: E2eProfile): void {
  expect(tokens.token_type).toBe(profile.app?.['dpop'] ? 'DPoP' : 'Bearer')
  if (profile.resource) {
    expect(tokens.access_token, 'a JWT access token (RFC 9068)').toMatch(/^eyJ[\w-]*\.eyJ[\w-]*\.[\w-]+$/)
    const payload = tokens.access_token.split('.')[1] ?? ''
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString()).aud).toBe(profile.resource)
  }
}

test('redirect login: back on the app signed in, address bar clean, one code exchange', async ({
  context,
  page,
  provider,
  profile,
}) => {
  fixmeFor(profile, 'login')
  const tokens = await signedIn(context, page, provider, profile)
  expect(page.url()).toBe(APP_PAGE)
  expect(await page.evaluate(() => window.auth.getUser()?.sub)).toBe('alice')
  expect(tokenPosts(provider)).toEqual([200])
  expectProfileTokens(tokens, profile)
  expect(tokens.refresh_token !== undefined).toBe(profile.refreshTokens)
})

test('reload: signed in from the cache, the same token, no request to the provider', async ({
  context,
  page,
  provider,
  profile,
}) => {
  fixmeFor(profile, 'reload')
  await signedIn(context, page, provider, profile)
  const token = await getAccessToken(page)
  expect(token.token).toEqual(expect.any(String))

  provider.clearRequests()
  await page.reload()
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  expect(await getAccessToken(page)).toEqual(token)
  expect(provider.requests).toEqual([])
})

test('refresh: an expired access token is renewed with one token request, or the session ends without a refresh token', async ({
  context,
  page,
  provider,
  profile,
}) => {
  fixmeFor(profile, 'refresh')
  // The page's clock, not the wall clock, decides when the token has expired.
  await context.clock.install()
  await signedIn(context, page, provider, profile)
  const first = await getAccessToken(page)
  const expiresAt = await page.evaluate(() => window.auth.getSnapshot().expiresAt)
  expect(expiresAt, 'the snapshot carries expiresAt').toEqual(expect.any(Number))
  const now = await page.evaluate(() => Date.now())
  provider.clearRequests()
  await page.clock.fastForward(((expiresAt as number) - LEEWAY) * 1000 - now + 1000)

  if (!profile.refreshTokens) return expectSessionEndsAtExpiry(page, provider)
  const refresh = nextTokenResponse(page, provider.metadata.token_endpoint)
  const refreshed = await getAccessToken(page)
  expect(refreshed.error).toBeUndefined()
  expect(refreshed.token).not.toBe(first.token)
  expect(tokenPosts(provider)).toEqual([200])
  expectProfileTokens(await refresh, profile)
  await expectView(page, { status: 'authenticated', sub: 'alice' })
})

/**
 * No refresh token (RFC 6749 §6 and OIDC Core §12 renew only with one): the session ends when the
 * access token does, in the page at once (reason `expired`, no error: nothing failed) and with no
 * token request, and stays ended; `getAccessToken` says a login is required; a new login works. The
 * page's clock was just moved past the access token's expiry, timers firing.
 */
async function expectSessionEndsAtExpiry(page: Page, provider: TestProvider): Promise<void> {
  const ended = { status: 'unauthenticated', reason: 'expired', error: null }
  await expectView(page, { status: 'unauthenticated' })
  expect(await snapshotReason(page)).toEqual(ended)
  expect(await getAccessToken(page)).toEqual({ error: 'AUTH_LOGIN_REQUIRED' })
  // No loop: another token lifetime later, nothing has changed and nothing was sent.
  const states = await page.evaluate(() => window.e2eStates.length)
  await page.clock.runFor(60_000)
  expect(await page.evaluate(() => window.e2eStates.length)).toBe(states)
  expect(await snapshotReason(page)).toEqual(ended)
  expect(tokenPosts(provider)).toEqual([])

  // A new login (the provider session is still there) signs in with one code exchange.
  await page.locator('#login').click()
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  expect(tokenPosts(provider)).toEqual([200])
  expect(await getAccessToken(page)).toEqual({ token: expect.any(String) })

  // Woken after expiry (the time moved on, no timer fired yet): the token is not sent, the
  // session ends right there, still with no token request.
  provider.clearRequests()
  const expiresAt = (await page.evaluate(() => window.auth.getSnapshot().expiresAt)) as number
  await page.clock.setSystemTime((expiresAt + 1) * 1000)
  expect(await getAccessToken(page)).toEqual({ error: 'AUTH_LOGIN_REQUIRED' })
  await expectView(page, { status: 'unauthenticated' })
  expect(await snapshotReason(page)).toEqual(ended)
  expect(tokenPosts(provider)).toEqual([])
}

test('logout: signed out at the app and at the provider', async ({ context, page, provider, profile }) => {
  fixmeFor(profile, 'logout')
  await signedIn(context, page, provider, profile)
  const backOnApp = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame() && frame.url() === APP_PAGE,
  })
  await Promise.all([
    page.waitForURL((url) => url.origin === provider.origin),
    page.locator('#logout').click(),
  ])
  await backOnApp
  await expectView(page, { status: 'unauthenticated' })
  expect(provider.requestsTo(provider.metadata.end_session_endpoint ?? '')).not.toEqual([])

  // The provider session is gone too: a new login shows the login form.
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(`${provider.baseUrl}/interaction/`)),
    page.locator('#login').click(),
  ])
  await expect(page.locator('input[name="prompt"]')).toHaveValue('login')
})
