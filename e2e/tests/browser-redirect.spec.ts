// @lanyard/browser, redirect mode, black box: the e2e app page (IIFE bundle) against the dev
// provider. What the provider received is read from its request log, never from the page.
import { randomBytes } from 'node:crypto'
import { APP_ORIGIN } from '../support/env.ts'
import {
  APP_PAGE,
  configureApp,
  expectView,
  getAccessToken,
  loginWithRedirect,
  openApp,
} from '../support/app.ts'
import { expect, test } from '../support/fixtures.ts'

test.beforeEach(async ({ context, provider }) => {
  await configureApp(context, { issuer: provider.issuer })
})

test('redirect login: back on the app authenticated, address bar clean, one token request', async ({
  page,
  provider,
}) => {
  expect(await openApp(page)).toEqual({ status: 'unauthenticated', sub: null, error: null })

  await loginWithRedirect(page, provider, { username: 'alice' })

  // code / state / iss are gone from the address bar (history.replaceState), nothing else left behind.
  expect(page.url()).toBe(APP_PAGE)
  expect(await page.evaluate(() => location.href)).toBe(APP_PAGE)
  expect(await page.evaluate(() => window.auth.getUser()?.sub)).toBe('alice')

  const tokenPosts = provider.requestsTo(provider.metadata.token_endpoint, 'POST')
  expect(tokenPosts.map((r) => [r.status, r.origin])).toEqual([[200, APP_ORIGIN]])
  // The login went through the authorization endpoint exactly once.
  expect(provider.requestsTo(provider.metadata.authorization_endpoint, 'GET')).toHaveLength(1)
})

test('reload with a valid session: authenticated from the cache, zero requests to the provider', async ({
  page,
  provider,
}) => {
  await openApp(page)
  await loginWithRedirect(page, provider)
  const token = await getAccessToken(page)
  expect(token.token).toEqual(expect.any(String))

  provider.clearRequests()
  await page.reload()
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  // The cached token is still fresh: served without a refresh.
  expect(await getAccessToken(page)).toEqual(token)
  // Not even discovery.
  expect(provider.requests).toEqual([])
  expect(await page.evaluate(() => window.e2eStates.map((s) => s.status))).toEqual([
    'loading',
    'authenticated',
  ])
})

test('forged state on a genuine callback: AUTH_STATE_MISMATCH, no token request; the genuine one still works', async ({
  browser,
  page,
  provider,
}) => {
  await openApp(page)
  // Start a real login in the app, and take the authorization request the SDK built…
  const [authorizeRequest] = await Promise.all([
    page.waitForRequest((r) => r.url().startsWith(provider.metadata.authorization_endpoint)),
    page.locator('#login').click(),
  ])
  const authorizeUrl = authorizeRequest.url()
  const realState = new URL(authorizeUrl).searchParams.get('state')
  expect(realState).toBeTruthy()

  // …finish it at the provider in a browser with scripts off, so no page consumes the code…
  const loginContext = await browser.newContext({ javaScriptEnabled: false })
  let callback: URL
  try {
    const loginPage = await loginContext.newPage()
    const landed = await provider.signIn(loginPage, { start: () => loginPage.goto(authorizeUrl) })
    if (!landed) throw new Error('the login window closed')
    callback = landed
  } finally {
    await loginContext.close()
  }
  expect(`${callback.origin}${callback.pathname}`).toBe(APP_PAGE)
  expect(callback.searchParams.get('state')).toBe(realState)
  expect(callback.searchParams.get('code')).toBeTruthy()
  provider.clearRequests()

  // …and deliver it to the app with `state` replaced.
  const forged = new URL(callback)
  forged.searchParams.set('state', randomBytes(16).toString('base64url'))
  await page.goto(forged.href)
  await expectView(page, { status: 'unauthenticated', error: 'AUTH_STATE_MISMATCH' })
  await expect.poll(() => page.evaluate(() => location.href)).toBe(APP_PAGE)
  expect(provider.requestsTo(provider.metadata.token_endpoint)).toEqual([])

  // Control: the same response with its real state completes (one exchange), so the refusal above
  // was the state check and nothing else.
  await page.goto(callback.href)
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  expect(provider.requestsTo(provider.metadata.token_endpoint, 'POST').map((r) => r.status)).toEqual([200])
})

test('a callback URL with an unknown state: AUTH_STATE_MISMATCH and no token request', async ({
  page,
  provider,
}) => {
  const url = new URL(APP_PAGE)
  url.search = new URLSearchParams({ code: 'x', state: 'forged', iss: provider.issuer }).toString()
  await page.goto(url.href)
  await expectView(page, { status: 'unauthenticated', error: 'AUTH_STATE_MISMATCH' })
  await expect.poll(() => page.evaluate(() => location.href)).toBe(APP_PAGE)
  expect(provider.requestsTo(provider.metadata.token_endpoint)).toEqual([])
})

test('replayed callback: ignored while signed in, refused in a browser that never started it; never a second exchange', async ({
  browser,
  page,
  provider,
}) => {
  await openApp(page)
  const callbackRequest = page.waitForRequest(
    (r) =>
      r.isNavigationRequest() &&
      r.url().startsWith(`${APP_PAGE}?`) &&
      new URL(r.url()).searchParams.has('code'),
  )
  await loginWithRedirect(page, provider)
  const callbackUrl = (await callbackRequest).url()
  expect(provider.requestsTo(provider.metadata.token_endpoint, 'POST')).toHaveLength(1)
  provider.clearRequests()

  // Same browser, signed in: the replay (back button, reload, a bookmarked URL) is ignored.
  await page.goto(callbackUrl)
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  await expect.poll(() => page.evaluate(() => location.href)).toBe(APP_PAGE)
  expect(await page.evaluate(() => window.e2eStates.map((s) => s.status))).toEqual([
    'loading',
    'authenticated',
  ])
  expect(provider.requestsTo(provider.metadata.token_endpoint)).toEqual([])

  // Another browser (signed out, no transaction for this state): an error, not an exchange.
  const other = await browser.newContext()
  try {
    await configureApp(other, { issuer: provider.issuer })
    const otherPage = await other.newPage()
    await otherPage.goto(callbackUrl)
    await expect(otherPage.locator('#state')).toHaveText(
      /^\{"status":"unauthenticated","sub":null,"error":"AUTH_(STATE_MISMATCH|TRANSACTION_MISSING)"\}$/,
    )
    await expect.poll(() => otherPage.evaluate(() => location.href)).toBe(APP_PAGE)
  } finally {
    await other.close()
  }
  expect(provider.requestsTo(provider.metadata.token_endpoint)).toEqual([])
})
