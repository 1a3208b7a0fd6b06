// A popup whose callback page sends COOP `same-origin` loses `window.opener` (and reads as closed to
// the opener). The login must still happen exactly once and reach the opener's tab.
import { APP_PAGE, configureApp, expectView, openApp, tokenPosts } from '../support/app.ts'
import { APP_ORIGIN } from '../support/env.ts'
import { expect, test } from '../support/fixtures.ts'

const COOP_CALLBACK_PAGE = `${APP_ORIGIN}/coop-callback.html`

test('popup under COOP: one code exchange, the popup closes, the opener is signed in', async ({
  context,
  page,
  provider,
}) => {
  await configureApp(context, { issuer: provider.issuer, redirectUri: COOP_CALLBACK_PAGE })
  await openApp(page)
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#popup').click()])
  const landed = popup.waitForRequest(
    (r) => r.isNavigationRequest() && r.url().startsWith(`${COOP_CALLBACK_PAGE}?`),
  )
  await provider.signIn(popup)
  await landed

  // Whether the opener took the relay (BroadcastChannel) or the popup finished by itself, the
  // opener's tab ends signed in, with exactly one token request, and the popup is gone.
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  if (!popup.isClosed()) await popup.waitForEvent('close')
  expect(page.url()).toBe(APP_PAGE)
  expect(tokenPosts(provider)).toEqual([200])
})
