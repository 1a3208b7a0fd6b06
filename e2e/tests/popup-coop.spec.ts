// A popup whose callback page sends COOP `same-origin` loses `window.opener` (and reads as closed to
// the opener). The login must still happen exactly once and reach the opener's tab.
import { APP_PAGE, configureApp, expect, expectView, openApp, test } from '../support/app'
import { APP_ORIGIN, PROVIDER_ORIGIN } from '../support/env'

const COOP_CALLBACK_PAGE = `${APP_ORIGIN}/coop-callback.html`

test('popup under COOP: one code exchange, the popup closes, the opener is signed in', async ({
  context,
  page,
  provider,
}) => {
  await configureApp(context, { redirectUri: COOP_CALLBACK_PAGE })
  await openApp(page)
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#popup').click()])
  await popup.waitForURL((url) => url.origin === PROVIDER_ORIGIN && url.pathname.startsWith('/interaction/'))
  const landed = popup.waitForRequest(
    (r) => r.isNavigationRequest() && r.url().startsWith(`${COOP_CALLBACK_PAGE}?`),
  )
  await popup.locator('input[name="login"]').fill('alice')
  await popup.locator('input[name="password"]').fill('any password')
  await popup.locator('button[type="submit"]').first().click()
  await landed

  // Whether the opener took the relay (BroadcastChannel) or the popup finished by itself, the
  // opener's tab ends signed in, with exactly one token request, and the popup is gone.
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  await expect.poll(() => popup.isClosed(), { timeout: 5_000 }).toBe(true)
  expect(page.url()).toBe(APP_PAGE)
  const tokenPosts = await provider.requestsTo(provider.metadata.token_endpoint, 'POST')
  expect(tokenPosts.map((r) => r.status)).toEqual([200])
})
