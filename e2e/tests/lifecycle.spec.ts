// @lanyard/browser, the session lifecycle in three tabs against the real dev provider, with the
// pages' time under Playwright's clock: idle sign-out, session-end warnings, wake from sleep, and a
// re-login that keeps the user's unsaved work.
import type { BrowserContext, Page } from '@playwright/test'
import { PROVIDER_ORIGIN } from '../support/env'
import {
  SHORT_TTL_ORIGIN,
  configureApp,
  expect,
  loginWithRedirect,
  nextTokenResponse,
  openApp,
  openSignedInTabs,
  revokeAtProvider,
  test,
  type ProviderHandle,
} from '../support/app'
import {
  expectEveryTab,
  lifecycleView,
  pageNow,
  startUnsavedWork,
  unsavedWork,
  withRefreshExpiresIn,
  withSessionTimers,
} from '../support/lifecycle-app'

const IDLE_SECONDS = 900
const WARNING_SECONDS = 60

/** Three tabs of the app, signed in as alice (a redirect login in the first). */
async function threeSignedInTabs(context: BrowserContext, page: Page, providerOrigin = PROVIDER_ORIGIN) {
  await openApp(page)
  await loginWithRedirect(page, { providerOrigin })
  return [page, ...(await openSignedInTabs(context, 2))]
}

const markTabs = (tabs: Page[]) =>
  Promise.all(
    tabs.map((tab) => tab.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true))),
  )
const notReloaded = (tab: Page) => tab.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)

test.describe('idle sign-out', () => {
  test.beforeEach(async ({ context }) => {
    await context.clock.install()
    await withSessionTimers(context)
    await configureApp(context, { idleTimeoutSeconds: IDLE_SECONDS, warningSeconds: WARNING_SECONDS })
  })

  test('activity in any tab counts; the warning shows in every tab; at expiry every tab signs out at once with reason idle', async ({
    context,
    page,
    provider,
  }) => {
    const tabs = await threeSignedInTabs(context, page)
    const [first, second, third] = tabs as [Page, Page, Page]
    await markTabs(tabs)
    await provider.clearRequestLog()

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
    const revocations = await provider.requestsTo(provider.metadata.revocation_endpoint as string, 'POST')
    expect(revocations.map((r) => r.status)).toEqual([200])
    expect(await provider.requestsTo(provider.metadata.end_session_endpoint as string)).toEqual([])
    expect(await provider.requestsTo(provider.metadata.token_endpoint)).toEqual([])
    // Nothing is left: a new tab starts signed out.
    await context.clock.resume()
    const fresh = await context.newPage()
    expect(await openApp(fresh)).toEqual({ status: 'unauthenticated', sub: null, error: null })
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
    await configureApp(context, { warningSeconds: WARNING_SECONDS })
    // The pages' clock runs from the real time until the first jump.
    const loginFrom = Math.floor(Date.now() / 1000)
    const tabs = await threeSignedInTabs(context, page)
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
    await provider.clearRequestLog()
    const refreshed = nextTokenResponse(second, provider.metadata.token_endpoint)
    await second.evaluate(() => window.auth.keepAlive())
    const { refresh_token } = await refreshed
    await expectEveryTab(tabs, { status: 'authenticated', sessionExpiresAt: undefined })
    expect(
      (await provider.requestsTo(provider.metadata.token_endpoint, 'POST')).map((r) => r.status),
    ).toEqual([200])

    // The provider ends the session (an admin revokes it); near the new end the warning is back, and
    // "stay signed in" is refused: every tab signs out, saying why.
    expect(await revokeAtProvider(provider as ProviderHandle, refresh_token as string)).toBe(200)
    await context.clock.fastForward((REFRESH_EXPIRES_IN - WARNING_SECONDS + 1) * 1000)
    await expectEveryTab(tabs, { sessionExpiresAt: expect.any(Number) })
    await provider.clearRequestLog()
    expect(
      await third.evaluate(() =>
        window.auth.keepAlive().then(
          () => 'kept',
          (error: { code?: string }) => error.code,
        ),
      ),
    ).toBe('AUTH_LOGIN_REQUIRED')
    await expectEveryTab(tabs, { status: 'unauthenticated', reason: 'ended', sessionExpiresAt: undefined })
    expect(
      (await provider.requestsTo(provider.metadata.token_endpoint, 'POST')).map((r) => r.status),
    ).toEqual([400])
  })
})
