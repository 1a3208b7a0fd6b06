// Hardening matrix, the redirect callback and the code exchange: forged, replayed and mixed-up
// callbacks, tampered ID tokens and a failing token endpoint. Every case asserts the exact AUTH_*
// code, what reached the provider (its request log) and that no token was stored (IndexedDB read
// raw). Runs against the worker's dev provider (`provider`), whose fault switches do the breaking.
import type { Page } from '@playwright/test'
import type { Faults } from '@lanyard/dev-provider/playwright'
import { APP_ORIGIN } from '../support/env.ts'
import { APP_PAGE, configureApp, expectView, loginWithRedirect, openApp, tokenPosts } from '../support/app.ts'
import { expect, test, type TestProvider } from '../support/fixtures.ts'
import { historyUrls, pageNetwork, tokenRecords } from '../support/hardening.ts'

/** Per-request bound for these tests (timeouts.httpMs). */
const HTTP_MS = 2000

const onInteraction = (provider: TestProvider) => (url: URL) =>
  url.href.startsWith(`${provider.baseUrl}/interaction/`)

/** Clicks `#login`, signs in at `provider` and resolves once the app page is loaded again (whatever it shows). */
async function redirectLoginLanding(page: Page, provider: TestProvider): Promise<void> {
  await provider.signIn(page, { start: () => page.locator('#login').click() })
  await page.waitForURL((url) => url.origin === APP_ORIGIN)
}

/** The URL the app page is next navigated to with a `code`: the authorization response. */
function nextCallbackUrl(page: Page): Promise<string> {
  return page
    .waitForRequest(
      (r) =>
        r.isNavigationRequest() &&
        r.url().startsWith(`${APP_PAGE}?`) &&
        new URL(r.url()).searchParams.has('code'),
    )
    .then((r) => r.url())
}

/** The app page after the login: clean address bar, nothing stored, and still signed out after a reload. */
async function expectNothingStored(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => location.href)).toBe(APP_PAGE)
  expect(await tokenRecords(page)).toEqual([])
  await page.reload()
  await expectView(page, { status: 'unauthenticated' })
  expect(await tokenRecords(page)).toEqual([])
}

/** Once the faults are off, a new login (the provider session is still there) signs in with one exchange. */
async function expectLoginWorksAgain(page: Page, provider: TestProvider): Promise<void> {
  provider.setFaults({})
  provider.clearRequests()
  await page.locator('#login').click()
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  expect(tokenPosts(provider)).toEqual([200])
  expect(await tokenRecords(page)).toHaveLength(1)
}

test.describe('state', () => {
  test('callback without state while a login is pending: AUTH_STATE_MISMATCH, no token request', async ({
    context,
    page,
    provider,
  }) => {
    await configureApp(context, { issuer: provider.issuer })
    await openApp(page)
    // A real login is pending: its transaction is stored and the browser is at the provider.
    await Promise.all([page.waitForURL(onInteraction(provider)), page.locator('#login').click()])

    // An authorization response with a code but no state (a CSRF or a broken provider).
    const url = new URL(APP_PAGE)
    url.search = new URLSearchParams({ code: 'x', iss: provider.issuer }).toString()
    const view = await openApp(page, url.href)
    expect(tokenPosts(provider)).toEqual([])
    expect(await tokenRecords(page)).toEqual([])
    // Soft, so both halves of the contract are reported: the reason, and the cleaned address bar.
    expect.soft(view).toEqual({ status: 'unauthenticated', sub: null, error: 'AUTH_STATE_MISMATCH' })
    await expect.soft.poll(() => page.evaluate(() => location.href), { timeout: 2000 }).toBe(APP_PAGE)
  })
})

test.describe('callback replay', () => {
  test('back button: the callback is not in the history; a callback entry gone back to is never exchanged again', async ({
    context,
    page,
    provider,
  }) => {
    await configureApp(context, { issuer: provider.issuer })
    await openApp(page)
    const callback = nextCallbackUrl(page)
    await loginWithRedirect(page, provider)
    const callbackUrl = await callback
    expect(tokenPosts(provider)).toEqual([200])
    provider.clearRequests()

    // Back to the page before the app (the provider's finished interaction), then forward again:
    // still signed in.
    // The callback URL was replaced in the session history: no entry has a code to go back to.
    const entries = await historyUrls(page)
    expect(entries).toContain(APP_PAGE)
    expect(entries.filter((url) => /[?&#](code|state|iss)=/.test(url))).toEqual([])
    await page.goBack()
    expect(page.url()).not.toContain('code=')
    await page.goForward()
    expect(page.url()).toBe(APP_PAGE)
    await expectView(page, { status: 'authenticated', sub: 'alice' })

    // A history entry that does hold the callback URL (pushed here, as a router might): leave the
    // app, then go back to it. Whether Chromium restores the page or loads it again, nothing is
    // exchanged and the session stays.
    await page.evaluate((url) => {
      history.pushState(null, '', url)
      ;(window as { before?: boolean }).before = true
    }, callbackUrl)
    await page.goto(`${APP_ORIGIN}/smoke.html`)
    await page.goBack()
    expect(page.url().startsWith(APP_PAGE)).toBe(true)
    await expectView(page, { status: 'authenticated', sub: 'alice' })
    // A freshly loaded page (not the one kept in the back/forward cache) ran start() on the
    // callback URL: it cleaned the address bar.
    const reloaded = await page.evaluate(() => !(window as { before?: boolean }).before)
    if (reloaded) await expect.poll(() => page.evaluate(() => location.href)).toBe(APP_PAGE)
    expect(tokenPosts(provider)).toEqual([])
    expect(await tokenRecords(page)).toHaveLength(1)
  })

  test('the callback URL opened in a second tab: no second exchange, both tabs signed in', async ({
    context,
    page,
    provider,
  }) => {
    await configureApp(context, { issuer: provider.issuer })
    await openApp(page)
    const callback = nextCallbackUrl(page)
    await loginWithRedirect(page, provider)
    const callbackUrl = await callback
    provider.clearRequests()

    const second = await context.newPage()
    await second.goto(callbackUrl)
    await expectView(second, { status: 'authenticated', sub: 'alice' })
    await expect.poll(() => second.evaluate(() => location.href)).toBe(APP_PAGE)
    await expectView(page, { status: 'authenticated', sub: 'alice' })
    expect(tokenPosts(provider)).toEqual([])
  })

  test('one callback delivered to two tabs at once: exactly one exchange, both end signed in', async ({
    browser,
    context,
    page,
    provider,
  }) => {
    await configureApp(context, { issuer: provider.issuer })
    await openApp(page)
    // The login starts in the app (its transaction is stored)…
    const [authorize] = await Promise.all([
      page.waitForRequest((r) => r.url().startsWith(provider.metadata.authorization_endpoint)),
      page.locator('#login').click(),
    ])
    await page.waitForURL(onInteraction(provider))
    // …and is finished at the provider where no script can consume the response.
    const scriptless = await browser.newContext({ javaScriptEnabled: false })
    let callbackUrl: string
    try {
      const loginPage = await scriptless.newPage()
      const landed = await provider.signIn(loginPage, { start: () => loginPage.goto(authorize.url()) })
      callbackUrl = landed?.href ?? ''
    } finally {
      await scriptless.close()
    }
    expect(new URL(callbackUrl).searchParams.get('code')).toBeTruthy()

    const second = await context.newPage()
    await Promise.all([page.goto(callbackUrl), second.goto(callbackUrl)])
    for (const tab of [page, second]) await expectView(tab, { status: 'authenticated', sub: 'alice' })
    expect(tokenPosts(provider)).toEqual([200])
  })
})

test('RFC 9207 mix-up: a callback whose iss is another issuer is AUTH_CALLBACK_INVALID, no token request', async ({
  context,
  page,
  provider,
}) => {
  await configureApp(context, { issuer: provider.issuer })
  await openApp(page)
  provider.setFaults({ callbackIss: 'foreign' })
  const callback = nextCallbackUrl(page)
  await redirectLoginLanding(page, provider)
  expect(new URL(await callback).searchParams.get('iss')).toBe('https://foreign-issuer.example')

  await expectView(page, { status: 'unauthenticated', error: 'AUTH_CALLBACK_INVALID' })
  expect(tokenPosts(provider)).toEqual([])
  await expectNothingStored(page)
  // Control: with the genuine iss the same login completes, so the refusal was the iss check.
  await expectLoginWorksAgain(page, provider)
})

for (const fault of ['wrong-nonce', 'wrong-aud', 'wrong-iss', 'expired'] as const) {
  test(`ID token ${fault} on the code exchange: AUTH_INVALID_RESPONSE, nothing stored`, async ({
    context,
    page,
    provider,
  }) => {
    await configureApp(context, { issuer: provider.issuer })
    await openApp(page)
    provider.setFaults({ idToken: fault, times: 1 })
    await redirectLoginLanding(page, provider)

    await expectView(page, { status: 'unauthenticated', error: 'AUTH_INVALID_RESPONSE' })
    // The provider issued tokens (the response was real apart from the ID token): none was kept.
    expect(tokenPosts(provider)).toEqual([200])
    await expectNothingStored(page)
    await expectLoginWorksAgain(page, provider)
  })
}

const exchangeFaults: { fault: NonNullable<Faults['token']>; code: string; status: number }[] = [
  { fault: 'http500', code: 'AUTH_TOKEN_REQUEST_FAILED', status: 500 },
  { fault: 'hang', code: 'AUTH_TIMEOUT', status: 0 },
  { fault: 'malformed-json', code: 'AUTH_INVALID_RESPONSE', status: 200 },
]

for (const { fault, code, status } of exchangeFaults) {
  test(`token endpoint ${fault} on the code exchange: ${code} within timeouts.httpMs, nothing stored`, async ({
    context,
    page,
    provider,
  }) => {
    await configureApp(context, { issuer: provider.issuer, timeouts: { httpMs: HTTP_MS } })
    await openApp(page)
    provider.setFaults({ token: fault })
    await redirectLoginLanding(page, provider)
    const landed = Date.now()

    await expectView(page, { status: 'unauthenticated', error: code }, HTTP_MS + 3000)
    // Discovery plus one bounded token request: well within two request bounds of the landing.
    expect(Date.now() - landed).toBeLessThan(HTTP_MS + 1500)
    expect(tokenPosts(provider)).toEqual([status])
    await expectNothingStored(page)
    await expectLoginWorksAgain(page, provider)
  })
}

test('offline during the code exchange (popup login): AUTH_NETWORK_ERROR, nothing stored, works once online', async ({
  context,
  page,
  provider,
}) => {
  await configureApp(context, { issuer: provider.issuer, timeouts: { httpMs: HTTP_MS } })
  await openApp(page)
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#popup').click()])
  await popup.waitForURL(onInteraction(provider))
  // The app window goes offline; the popup (another window) still reaches the provider and relays.
  const network = await pageNetwork(page)
  await network.setOffline(true)
  const closed = popup.waitForEvent('close')
  await provider.signIn(popup)
  if (!popup.isClosed()) await closed

  await expect(page.locator('#popup-error')).toHaveText('AUTH_NETWORK_ERROR')
  await expectView(page, { status: 'unauthenticated' })
  expect(tokenPosts(provider)).toEqual([])
  expect(await tokenRecords(page)).toEqual([])

  // Online again: the next popup login (provider session still there) completes.
  await network.setOffline(false)
  provider.clearRequests()
  const [again] = await Promise.all([page.waitForEvent('popup'), page.locator('#popup').click()])
  if (!again.isClosed()) await again.waitForEvent('close')
  await expect(page.locator('#popup-result')).toHaveText('alice')
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  expect(tokenPosts(provider)).toEqual([200])
})
