// @lanyard/browser, logout: revocation, every tab signed out at once, RP-initiated logout at the
// provider and back to the app.
import { APP_ORIGIN } from '../support/env.ts'
import { APP_PAGE, expectView, openApp, signedIn } from '../support/app.ts'
import { expect, test } from '../support/fixtures.ts'

test('federated logout in one tab: the other tab signs out without a reload; back on the app, signed out everywhere', async ({
  context,
  page,
  provider,
}) => {
  await signedIn(context, page, provider)
  const other = await context.newPage()
  expect(await openApp(other)).toEqual({ status: 'authenticated', sub: 'alice', error: null })
  await other.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true))
  provider.clearRequests()

  const endSession = provider.metadata.end_session_endpoint
  expect(endSession, 'the provider advertises end_session_endpoint').toBeTruthy()
  await page.evaluate(() => ((window as { beforeLogout?: boolean }).beforeLogout = true))
  // The page is on APP_PAGE now, so the next main-frame navigation to it is the return from the provider.
  const backOnApp = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame() && frame.url() === APP_PAGE,
  })
  const [endSessionRequest] = await Promise.all([
    page.waitForRequest((r) => r.url().startsWith(endSession as string) && r.isNavigationRequest()),
    page.locator('#logout').click(),
  ])
  const logoutUrl = new URL(endSessionRequest.url())
  expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(APP_PAGE)
  expect(logoutUrl.searchParams.get('id_token_hint')).toBeTruthy()

  // The other tab: signed out, no reload, no navigation.
  await expectView(other, { status: 'unauthenticated' })
  expect(await other.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true)
  expect(other.url()).toBe(APP_PAGE)

  // The logout tab: through the provider's logout page (the dev provider confirms by itself) and
  // back on a freshly loaded app page, signed out.
  await backOnApp
  await expectView(page, { status: 'unauthenticated' })
  expect(await page.evaluate(() => (window as { beforeLogout?: boolean }).beforeLogout)).toBeUndefined()
  expect(page.url()).toBe(APP_PAGE)
  expect(provider.requestsTo(endSession as string).length).toBeGreaterThanOrEqual(1)

  // The refresh token was revoked (RFC 7009) once, and the provider session ended.
  const revocations = provider.requestsTo(provider.metadata.revocation_endpoint as string, 'POST')
  expect(revocations.map((r) => [r.status, r.origin])).toEqual([[200, APP_ORIGIN]])
  expect(provider.requestsTo(provider.metadata.token_endpoint)).toEqual([])

  // A new login shows the login form again: the provider session is gone, not just the app's.
  await Promise.all([
    page.waitForURL((url) => url.pathname.startsWith('/interaction/')),
    page.locator('#login').click(),
  ])
  await expect(page.locator('input[name="prompt"]')).toHaveValue('login')
})
