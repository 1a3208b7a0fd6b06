// @lanyard/browser, the session lifecycle in three tabs against the real dev provider, with the
// pages' time under Playwright's clock: idle sign-out, session-end warnings, wake from sleep, and a
// re-login that keeps the user's unsaved work.
import type { BrowserContext, Page } from '@playwright/test'
import { startTestProvider } from '@lanyard/dev-provider/playwright'
import {
  configureApp,
  expectView,
  loginWithRedirect,
  nextTokenResponse,
  openApp,
  openSignedInTabs,
  pauseClock,
  revokeAtProvider,
  tokenPosts,
} from '../support/app.ts'
import { apiMeUrl, nextAuthorizationUrl } from '../support/dpop.ts'
import { expect, test, type TestProvider } from '../support/fixtures.ts'
import {
  WAKE_TOKEN_SECONDS,
  apiStatus,
  expectEveryTab,
  lifecycleView,
  pageNow,
  startUnsavedWork,
  unsavedWork,
  withRefreshExpiresIn,
  withSessionTimers,
} from '../support/lifecycle.ts'

const IDLE_SECONDS = 900
const WARNING_SECONDS = 60

/** Three tabs of the app, signed in as alice at `provider` (a redirect login in the first). */
async function threeSignedInTabs(context: BrowserContext, page: Page, provider: TestProvider) {
  await openApp(page)
  await loginWithRedirect(page, provider)
  return [page, ...(await openSignedInTabs(context, 2))]
}

const markTabs = (tabs: Page[]) =>
  Promise.all(
    tabs.map((tab) => tab.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true))),
  )
const notReloaded = (tab: Page) => tab.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)

/** Moves every tab's clock past the idle time and stops it there: they sign out for idleness. */
async function idleOut(context: BrowserContext, tabs: Page[]) {
  await context.clock.pauseAt((await pageNow(tabs[0]!)) + (IDLE_SECONDS + 10) * 1000)
  await expectEveryTab(tabs, { status: 'unauthenticated', reason: 'idle' })
  await context.clock.resume()
}

/** Waits until `page` shows `provider`'s login or consent page. */
const atInteraction = (page: Page, provider: TestProvider) =>
  page.waitForURL((url) => url.href.startsWith(`${provider.baseUrl}/interaction/`))

test.describe('idle sign-out', () => {
  test.beforeEach(async ({ context, provider }) => {
    await context.clock.install()
    await withSessionTimers(context)
    await configureApp(context, {
      issuer: provider.issuer,
      idleTimeoutSeconds: IDLE_SECONDS,
      warningSeconds: WARNING_SECONDS,
    })
  })

  test('activity in any tab counts; the warning shows in every tab; at expiry every tab signs out at once with reason idle', async ({
    context,
    page,
    provider,
  }) => {
    const tabs = await threeSignedInTabs(context, page, provider)
    const [first, second, third] = tabs as [Page, Page, Page]
    await markTabs(tabs)
    provider.clearRequests()

    // 850 s without activity anywhere: every tab warns (the first tab's sign-out is due at 900 s).
    await context.clock.fastForward((IDLE_SECONDS - 50) * 1000)
    await expectEveryTab(tabs, { status: 'authenticated', idleExpiresAt: expect.any(Number) })
    const warned = await lifecycleView(first)
    expect(warned.idleExpiresAt! - (await pageNow(first)) / 1000).toBeLessThanOrEqual(WARNING_SECONDS)
    expect(await first.evaluate(() => window.lifecycleEvents)).toEqual([`idle:${warned.idleExpiresAt}`])

    // The user moves the mouse in the third tab: the warning ends in every tab.
    await third.mouse.move(40, 40)
    await third.mouse.move(80, 60)
    await expectEveryTab(tabs, { status: 'authenticated', idleExpiresAt: undefined })

    // 850 s more: warnings again (the first tab saw no activity of its own for 1,700 s).
    await context.clock.fastForward((IDLE_SECONDS - 50) * 1000)
    await expectEveryTab(tabs, { status: 'authenticated', idleExpiresAt: expect.any(Number) })

    // "Stay signed in" in the second tab ends them everywhere.
    await second.evaluate(() => window.auth.keepAlive())
    const keptAt = await pageNow(second)
    await expectEveryTab(tabs, { status: 'authenticated', idleExpiresAt: undefined })

    // Past the second tab's deadline (the others count its news 5 s later, and the clock stops
    // here, so only the second tab can time out): every tab signs out, told by the second.
    await context.clock.pauseAt(keptAt + (IDLE_SECONDS + 1) * 1000)
    await expectEveryTab(tabs, { status: 'unauthenticated', reason: 'idle', sub: null })
    for (const tab of tabs) expect(await notReloaded(tab)).toBe(true)

    // One revocation, no RP-initiated logout (not federated), no token request.
    const revocations = provider.requestsTo(provider.metadata.revocation_endpoint as string, 'POST')
    expect(revocations.map((r) => r.status)).toEqual([200])
    expect(provider.requestsTo(provider.metadata.end_session_endpoint as string)).toEqual([])
    expect(provider.requestsTo(provider.metadata.token_endpoint)).toEqual([])
    // Nothing is left: a new tab starts signed out.
    await context.clock.resume()
    const fresh = await context.newPage()
    expect(await openApp(fresh)).toEqual({ status: 'unauthenticated', sub: null, error: null })
  })

  test('after an idle sign-out, requireLogin() sends the user to the provider with prompt=login: the provider asks for the credentials again', async ({
    context,
    page,
    provider,
  }) => {
    await openApp(page)
    await loginWithRedirect(page, provider)
    await idleOut(context, [page])
    // A reload still knows why there is no session (no guard may sign the absent user back in).
    await page.reload()
    await expect.poll(() => lifecycleView(page)).toMatchObject({ status: 'unauthenticated', reason: 'idle' })
    provider.clearRequests()

    // The router-guard step. The provider's session lives on (the idle sign-out was not
    // federated): without prompt=login it would send the user straight back, signed in.
    const authorization = nextAuthorizationUrl(context, provider.metadata.authorization_endpoint)
    await page.evaluate(() => void window.auth.requireLogin())
    expect((await authorization).searchParams.get('prompt')).toBe('login')
    await atInteraction(page, provider)
    await expect(page.locator('input[name="prompt"]')).toHaveValue('login')
    await expect(page.locator('input[name="password"]')).toBeVisible()

    // Signing in brings the user back, after one authorization request (no loop).
    await provider.signIn(page)
    await expectView(page, { status: 'authenticated', sub: 'alice' })
    expect(provider.requestsTo(provider.metadata.authorization_endpoint)).toHaveLength(1)
    expect(tokenPosts(provider)).toEqual([200])
  })
})

test.describe('session-end warnings', () => {
  test('warned before the refresh token ends; "stay signed in" refreshes and moves the end; a refused refresh ends every tab with reason ended', async ({
    context,
    page,
    provider,
  }) => {
    const REFRESH_EXPIRES_IN = 1800
    await context.clock.install()
    await withSessionTimers(context)
    await withRefreshExpiresIn(context, REFRESH_EXPIRES_IN)
    await configureApp(context, { issuer: provider.issuer, warningSeconds: WARNING_SECONDS })
    // The pages' clock runs from the real time until the first jump.
    const loginFrom = Math.floor(Date.now() / 1000)
    const tabs = await threeSignedInTabs(context, page, provider)
    const loginUntil = Math.ceil(Date.now() / 1000)
    const [, second, third] = tabs as [Page, Page, Page]

    await expectEveryTab(tabs, { status: 'authenticated', sessionExpiresAt: undefined })
    await context.clock.fastForward((REFRESH_EXPIRES_IN - WARNING_SECONDS + 1) * 1000)
    await expectEveryTab(tabs, { status: 'authenticated', sessionExpiresAt: expect.any(Number) })
    const { sessionExpiresAt } = await lifecycleView(third)
    // Counted from the login's token response, in every tab the same.
    expect(sessionExpiresAt).toBeGreaterThanOrEqual(loginFrom + REFRESH_EXPIRES_IN)
    expect(sessionExpiresAt).toBeLessThanOrEqual(loginUntil + REFRESH_EXPIRES_IN)
    await expectEveryTab(tabs, { sessionExpiresAt })
    for (const tab of tabs) {
      expect(await tab.evaluate(() => window.lifecycleEvents)).toEqual([`session:${sessionExpiresAt}`])
    }

    // "Stay signed in": one refresh, which moves the end; the warning ends in every tab.
    provider.clearRequests()
    const refreshed = nextTokenResponse(second, provider.metadata.token_endpoint)
    await second.evaluate(() => window.auth.keepAlive())
    const { refresh_token } = await refreshed
    await expectEveryTab(tabs, { status: 'authenticated', sessionExpiresAt: undefined })
    expect(tokenPosts(provider)).toEqual([200])

    // The provider ends the session (an admin revokes it); near the new end the warning is back, and
    // "stay signed in" is refused: every tab signs out, saying why.
    expect(await revokeAtProvider(provider, refresh_token as string)).toBe(200)
    await context.clock.fastForward((REFRESH_EXPIRES_IN - WARNING_SECONDS + 1) * 1000)
    await expectEveryTab(tabs, { sessionExpiresAt: expect.any(Number) })
    provider.clearRequests()
    expect(
      await third.evaluate(() =>
        window.auth.keepAlive().then(
          () => 'kept',
          (error: { code?: string }) => error.code,
        ),
      ),
    ).toBe('AUTH_LOGIN_REQUIRED')
    await expectEveryTab(tabs, { status: 'unauthenticated', reason: 'ended', sessionExpiresAt: undefined })
    expect(tokenPosts(provider)).toEqual([400])
  })
})

test.describe('wake from sleep / back online', () => {
  const SLEEP_MS = 2 * 3600_000
  const wakes: [string, (context: BrowserContext, tabs: Page[]) => Promise<unknown>][] = [
    // Chromium's own offline → online events, in every tab at once.
    [
      'back online, every tab at once',
      async (context) => {
        await context.setOffline(true)
        await context.setOffline(false)
      },
    ],
    // The user comes back to one tab: it is shown again.
    [
      'one tab shown again',
      (_context, tabs) =>
        tabs[0]!.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))),
    ],
    // Back to a tab from the back/forward cache (Playwright's Chromium runs without one, so the
    // event the browser would fire is fired here).
    [
      'one tab back from the back/forward cache',
      (_context, tabs) =>
        tabs[2]!.evaluate(() => dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))),
    ],
  ]

  for (const [name, wake] of wakes) {
    test(`2-hour sleep, ${name}: one refresh across the tabs before the app's first call, which carries a valid token`, async ({
      context,
      page,
    }) => {
      // A provider of this test's own, whose access tokens die at its (real) clock while the pages sleep.
      const sleepy = await startTestProvider({ accessTokenTtl: WAKE_TOKEN_SECONDS })
      try {
        await context.clock.install()
        await configureApp(context, { issuer: sleepy.issuer })
        const login = nextTokenResponse(page, sleepy.metadata.token_endpoint)
        const tabs = await threeSignedInTabs(context, page, sleepy)
        const { access_token: before } = await login
        expect(await apiStatus(sleepy, before)).toBe(200)

        // The laptop sleeps: the pages' clocks stop (no timer runs while the test looks) while the
        // token they hold dies at the provider (WAKE_TOKEN_SECONDS on its own clock). A page's clock
        // can jump, the provider's cannot: so, once the login's ID tokens were checked against the
        // provider's time, the stopped clocks are put 2 hours back, and the sleep moves them 2 hours
        // (and the seconds waited) forward, to the provider's time again.
        await pauseClock(page)
        await context.clock.setSystemTime((await pageNow(page)) - SLEEP_MS)
        await expect
          .poll(() => apiStatus(sleepy, before), { timeout: (WAKE_TOKEN_SECONDS + 10) * 1000 })
          .toBe(401)
        const asleepSince = await pageNow(page)
        // 2 s ahead of the provider: a page counts the expiry from its receipt of the token, up to a
        // second after the provider's `iat`.
        await context.clock.pauseAt(Date.now() + 2_000)
        expect((await pageNow(page)) - asleepSince).toBeGreaterThanOrEqual(SLEEP_MS)
        sleepy.clearRequests()
        const awake = (await pageNow(page)) / 1000
        for (const tab of tabs) expect((await lifecycleView(tab)).expiresAt).toBeLessThan(awake)
        expect(tokenPosts(sleepy)).toEqual([])

        await wake(context, tabs)
        // Every tab holds a fresh token before the app asks for one: one token request in all.
        for (const tab of tabs) {
          await expect.poll(async () => (await lifecycleView(tab)).expiresAt).toBeGreaterThan(awake)
        }
        expect(tokenPosts(sleepy)).toEqual([200])

        // The app's first call after the wake: a valid token at once, no 401 round trip.
        const answer = await tabs[1]!.evaluate(
          (url) => window.auth.fetch(url).then(async (r) => `${r.status} ${await r.text()}`),
          apiMeUrl(sleepy),
        )
        expect(answer).toMatch(/^200 .*"sub":"alice"/)
        expect(sleepy.requests.filter((r) => r.status === 401)).toEqual([])
        expect(sleepy.requestsTo('/api/me', 'GET').map((r) => r.status)).toEqual([200])
        expect(tokenPosts(sleepy)).toEqual([200])
      } finally {
        await sleepy.close()
      }
    })
  }
})

test.describe('re-login that keeps the work', () => {
  test.beforeEach(async ({ context, provider }) => {
    await context.clock.install()
    await withSessionTimers(context)
    await configureApp(context, { issuer: provider.issuer, idleTimeoutSeconds: IDLE_SECONDS })
  })

  /** Signs the three tabs out for idleness, with unsaved work in the first; opens the re-login popup. */
  async function idleThenReauthenticate(context: BrowserContext, page: Page, provider: TestProvider) {
    const tabs = await threeSignedInTabs(context, page, provider)
    const first = tabs[0]!
    await startUnsavedWork(first, 'a half-written reply')
    await idleOut(context, tabs)

    const [popup] = await Promise.all([first.waitForEvent('popup'), first.locator('#reauthenticate').click()])
    await atInteraction(popup, provider)
    // prompt=login: the provider asks again although its own session lives on (the idle sign-out
    // was not federated); login_hint fills in the name of the user who was signed in.
    await expect(popup.locator('input[name="prompt"]')).toHaveValue('login')
    await expect(popup.locator('input[name="login"]')).toHaveValue('alice')
    return { tabs, first, popup }
  }

  /** Signs in as `username` in the re-login popup, which closes itself once it is back on the app. */
  async function signInAndClose(popup: Page, provider: TestProvider, username: string) {
    const closed = popup.waitForEvent('close')
    await provider.signIn(popup, { username })
    await closed
  }

  const expectedWork = {
    draft: 'a half-written reply',
    unsaved: { step: 3, items: ['a', 'b'] },
    sameDocument: true,
  }

  test('the same user signs in again in a popup: the form and page state survive, every tab follows', async ({
    context,
    page,
    provider,
  }) => {
    const { tabs, first, popup } = await idleThenReauthenticate(context, page, provider)
    provider.clearRequests()
    await signInAndClose(popup, provider, 'alice')

    await expect(first.locator('#reauthenticate-result')).toHaveText('alice')
    await expectEveryTab(tabs, { status: 'authenticated', sub: 'alice', reason: undefined })
    expect(await unsavedWork(first)).toEqual(expectedWork)
    expect(tokenPosts(provider)).toEqual([200])
    const answer = await tabs[2]!.evaluate(
      (url) => window.auth.fetch(url).then((r) => r.json() as Promise<{ sub: string }>),
      apiMeUrl(provider),
    )
    expect(answer.sub).toBe('alice')
  })

  test("another user signing in instead replaces the old user's tokens in every tab", async ({
    context,
    page,
    provider,
  }) => {
    const { tabs, first, popup } = await idleThenReauthenticate(context, page, provider)
    await signInAndClose(popup, provider, 'bob')

    await expect(first.locator('#reauthenticate-result')).toHaveText('bob')
    await expectEveryTab(tabs, { status: 'authenticated', sub: 'bob' })
    // The page is the same (what to do with alice's draft is the app's call: it sees the sub).
    expect((await unsavedWork(first)).sameDocument).toBe(true)
    // Every tab's token is bob's: nothing of alice's is served any more.
    for (const tab of tabs) {
      const answer = await tab.evaluate(
        (url) => window.auth.fetch(url).then((r) => r.json() as Promise<{ sub: string }>),
        apiMeUrl(provider),
      )
      expect(answer.sub).toBe('bob')
    }
    expect(tokenPosts(provider)).toEqual([200, 200])
  })
})
