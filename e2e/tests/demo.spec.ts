// The demo app (demo/: Vite dev server, React StrictMode, @lanyard/react) against the dev provider,
// driven like a person would: buttons, links and what the page shows. The provider's request log
// says what reached the server.
import { PROVIDER_ORIGIN } from '../support/env'
import {
  DEMO_HOME,
  DEMO_ORIGIN,
  demoRequests,
  expectStatus,
  fillLoginForm,
  openDemo,
  tokenRequests,
  watchProviderRequests,
} from '../support/demo'
import { expect, test } from '../support/fixtures'
import { signInAtProvider } from '../support/login'

const atProvider = (url: URL) => url.origin === PROVIDER_ORIGIN

// The first page load of a cold Vite dev server transforms the app and the SDK sources on demand.
test.describe.configure({ timeout: 60_000 })

test('redirect login → protected route → call API → refresh → reload without the provider → sign out', async ({
  context,
  page,
  provider,
}, testInfo) => {
  await openDemo(page)
  await expectStatus(page, 'unauthenticated')

  // Sign in with redirect: to the provider's login form and back to /callback.
  await Promise.all([
    page.waitForURL(atProvider),
    page.getByRole('button', { name: 'Sign in with redirect' }).click(),
  ])
  const landed = await signInAtProvider(page, { username: 'alice' })
  expect(landed.origin + landed.pathname).toBe(`${DEMO_ORIGIN}/callback`)
  expect(landed.searchParams.get('code')).toBeTruthy()

  await expectStatus(page, 'authenticated')
  await expect(page.getByTestId('welcome')).toHaveText('alice')
  // The callback's code/state/iss are gone and /callback gave way to the page the login began on.
  await expect(page).toHaveURL(DEMO_HOME)
  const claims = page.getByTestId('claims')
  await expect(claims.locator('tr', { hasText: 'sub' })).toContainText('alice')
  await expect(claims.locator('tr', { hasText: 'email' }).first()).toContainText('alice@example.com')
  // The dev build runs in StrictMode (effects run twice): still exactly one code exchange.
  expect((await tokenRequests(provider)).map((r) => r.status)).toEqual([200])

  // The expiry counts down.
  const expiresIn = page.getByTestId('expires-in')
  await expect(expiresIn).toHaveText(/^(\d+:)?\d{1,2}:\d{2}$/)
  const first = await expiresIn.textContent()
  await expect(expiresIn).not.toHaveText(first ?? '', { timeout: 3000 })

  // The protected route renders for a signed-in user, with no redirect.
  await page.getByRole('navigation').getByRole('link', { name: 'Protected' }).click()
  await expect(page).toHaveURL(`${DEMO_ORIGIN}/protected`)
  await expect(page.getByTestId('protected')).toContainText('Hello alice')
  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click()
  await expect(page).toHaveURL(DEMO_HOME)

  // Call API: auth.fetch('http://localhost:9000/api/me') with the access token.
  await page.getByRole('button', { name: 'Call API' }).click()
  await expect(page.getByTestId('api-status')).toHaveText(/^200 /)
  const body = JSON.parse((await page.getByTestId('api-response').textContent()) ?? '') as {
    sub: string
    client_id: string
  }
  expect(body).toMatchObject({ sub: 'alice', client_id: 'lanyard-dev' })
  expect((await demoRequests(provider, '/api/me')).filter((r) => r.method === 'GET')).toHaveLength(1)

  // Refresh now: one refresh-token grant.
  await page.getByRole('button', { name: 'Refresh now' }).click()
  await expect(page.getByTestId('refreshed-at')).toBeVisible()
  expect((await tokenRequests(provider)).map((r) => r.status)).toEqual([200, 200])
  await expect(page.getByTestId('error')).toHaveCount(0)

  const screenshot = testInfo.outputPath('signed-in.png')
  await page.screenshot({ path: screenshot, fullPage: true })
  await testInfo.attach('signed-in', { path: screenshot, contentType: 'image/png' })

  // Reload: signed in again from the encrypted IndexedDB cache, without a single provider request.
  await provider.clearRequestLog()
  const seen = watchProviderRequests(context)
  await page.reload()
  await expectStatus(page, 'authenticated')
  await expect(page.getByTestId('welcome')).toHaveText('alice')
  await expect(page.getByTestId('expires-in')).toBeVisible()
  await page.waitForTimeout(500) // anything late would show up here
  seen.stop()
  expect(seen.urls).toEqual([])
  expect(await demoRequests(provider)).toEqual([])

  // Sign out: revocation, then the provider's end-session page, then back home signed out.
  await Promise.all([page.waitForURL(atProvider), page.getByRole('button', { name: 'Sign out' }).click()])
  await page.waitForURL(DEMO_HOME)
  await expectStatus(page, 'unauthenticated')
  await expect(page.getByRole('button', { name: 'Sign in with redirect' })).toBeVisible()
  const revocations = await demoRequests(provider, provider.metadata.revocation_endpoint!)
  expect(revocations.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([200])
  // And it stays signed out.
  await page.reload()
  await expectStatus(page, 'unauthenticated')
})

test('RequireAuth: a signed-out visit to /protected signs in at the provider and comes back to it', async ({
  page,
  provider,
}) => {
  await Promise.all([page.waitForURL(atProvider), page.goto(`${DEMO_ORIGIN}/protected`)])
  const landed = await signInAtProvider(page, { username: 'bob' })
  expect(landed.pathname).toBe('/callback')

  await expect(page).toHaveURL(`${DEMO_ORIGIN}/protected`) // appState.returnTo
  await expect(page.getByTestId('protected')).toContainText('Hello bob')
  await expectStatus(page, 'authenticated')
  expect((await tokenRequests(provider)).map((r) => r.status)).toEqual([200])
})

test('popup login, and another tab follows the sign-in and the sign-out', async ({
  context,
  page,
  provider,
}) => {
  await openDemo(page)
  const other = await context.newPage()
  await openDemo(other)
  await expectStatus(other, 'unauthenticated')

  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Sign in with popup' }).click(),
  ])
  const closed = popup.waitForEvent('close')
  await fillLoginForm(popup, 'carol')
  if (!popup.isClosed()) await closed // it relays the response to the opener and closes itself

  await expectStatus(page, 'authenticated')
  await expect(page.getByTestId('welcome')).toHaveText('carol')
  expect(page.url()).toBe(DEMO_HOME) // the opener never navigated
  // One code exchange, made by the opener (the popup only relays), StrictMode notwithstanding.
  expect((await tokenRequests(provider)).map((r) => r.status)).toEqual([200])

  // The other tab, never reloaded, is signed in too.
  await expectStatus(other, 'authenticated')
  await expect(other.getByTestId('welcome')).toHaveText('carol')

  await Promise.all([page.waitForURL(atProvider), page.getByRole('button', { name: 'Sign out' }).click()])
  await page.waitForURL(DEMO_HOME)
  await expectStatus(page, 'unauthenticated')
  await expectStatus(other, 'unauthenticated')
})

test('errors show their code and message: a closed popup, a replayed callback', async ({
  page,
  provider,
}) => {
  await openDemo(page)
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Sign in with popup' }).click(),
  ])
  await popup.waitForURL(atProvider)
  await popup.close()
  const banner = page.getByTestId('error')
  await expect(banner).toContainText('AUTH_POPUP_CLOSED')
  await expect(banner).toContainText(/\S+\s+\S+/) // a message after the code
  await banner.getByRole('button', { name: 'Dismiss' }).click()
  await expect(banner).toHaveCount(0)

  // A callback URL with a state this browser never issued: reported, never exchanged.
  await page.goto(
    `${DEMO_ORIGIN}/callback?code=forged&state=unknown&iss=${encodeURIComponent(PROVIDER_ORIGIN)}`,
  )
  await expect(banner).toContainText('AUTH_STATE_MISMATCH')
  await expectStatus(page, 'unauthenticated')
  await expect(page.getByRole('button', { name: 'Sign in with redirect' })).toBeVisible()
  expect(await tokenRequests(provider)).toEqual([])
})
