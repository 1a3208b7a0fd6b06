// @lanyard/browser, popup mode: the login window is opened in the click handler, relays the
// response to its opener and closes itself; the opener exchanges the code.
import type { Page } from '@playwright/test'
import {
  APP_PAGE,
  POPUP_CALLBACK_PAGE,
  configureApp,
  expectView,
  openApp,
  pauseClock,
  tokenPosts,
} from '../support/app.ts'
import { expect, test, type TestProvider } from '../support/fixtures.ts'

/** Clicks `#popup` and returns the login window once it shows the provider's login form. */
async function openLoginPopup(page: Page, provider: TestProvider): Promise<Page> {
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#popup').click()])
  await popup.waitForURL((url) => url.href.startsWith(`${provider.baseUrl}/interaction/`))
  await expect(popup.locator('input[name="prompt"]')).toHaveValue('login')
  return popup
}

async function popupLogin(page: Page, provider: TestProvider, callbackPage: string) {
  await openApp(page)
  const popup = await openLoginPopup(page, provider)
  const closed = popup.waitForEvent('close')
  // Where the provider sends the popup: the configured redirect URI.
  const landed = popup.waitForRequest(
    (r) => r.isNavigationRequest() && r.url().startsWith(`${callbackPage}?`),
  )

  await provider.signIn(popup)

  expect(new URL((await landed).url()).searchParams.get('code')).toBeTruthy()
  if (!popup.isClosed()) await closed // closes itself, nobody else does
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  await expect(page.locator('#popup-result')).toHaveText('alice')
  await expect(page.locator('#popup-error')).toHaveText('')
  // The opener never navigated.
  expect(page.url()).toBe(APP_PAGE)
  expect(await page.evaluate(() => window.e2eStates.map((s) => s.status))).toEqual([
    'loading',
    'unauthenticated',
    'authenticated',
  ])
  expect(tokenPosts(provider)).toEqual([200])
}

test.describe('popup login', () => {
  test('the popup lands on the app page itself, relays and closes; the opener is signed in with one token request', async ({
    context,
    page,
    provider,
  }) => {
    await configureApp(context, { issuer: provider.issuer })
    await popupLogin(page, provider, APP_PAGE)
  })

  test('with a dedicated popup-callback.html redirect page', async ({ context, page, provider }) => {
    await configureApp(context, { issuer: provider.issuer, redirectUri: POPUP_CALLBACK_PAGE })
    await popupLogin(page, provider, POPUP_CALLBACK_PAGE)
  })
})

test('popup closed by the user: AUTH_POPUP_CLOSED within 1.5 s (page time), no token request', async ({
  context,
  page,
  provider,
}) => {
  await context.clock.install()
  await configureApp(context, { issuer: provider.issuer })
  await openApp(page)
  const popup = await openLoginPopup(page, provider)

  await pauseClock(page)
  await popup.close()
  await expect(page.locator('#popup-error')).toHaveText('')
  await page.clock.runFor(1500)
  await expect(page.locator('#popup-error')).toHaveText('AUTH_POPUP_CLOSED')
  await expectView(page, { status: 'unauthenticated' })
  expect(provider.requestsTo(provider.metadata.token_endpoint)).toEqual([])
})

test('popup blocked: AUTH_POPUP_BLOCKED, nothing sent to the provider', async ({
  context,
  page,
  provider,
}) => {
  await configureApp(context, { issuer: provider.issuer })
  await openApp(page)
  await page.evaluate(() => {
    window.open = () => null // what a popup blocker leaves the page
  })
  let popups = 0
  page.on('popup', () => popups++)

  await page.locator('#popup').click()
  await expect(page.locator('#popup-error')).toHaveText('AUTH_POPUP_BLOCKED')
  await expectView(page, { status: 'unauthenticated' })
  expect(popups).toBe(0)
  expect(provider.requestsTo(provider.metadata.authorization_endpoint)).toEqual([])
  expect(provider.requestsTo(provider.metadata.token_endpoint)).toEqual([])
})
