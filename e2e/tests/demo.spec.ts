// The demo app (demo/: Vite dev server, React StrictMode, @lanyard/react) against its own dev
// provider (support/demo.ts), driven like a person would: buttons, links and what the page shows.
// The provider's request log says what reached the server.
import {
  expectStatus,
  openDemo,
  test,
  tokenRequests,
  watchProviderRequests,
  expect,
} from '../support/demo.ts'

// The first page load of a cold Vite dev server transforms the app and the SDK sources on demand.
test.describe.configure({ timeout: 60_000 })

test('redirect login → protected route → call API → refresh → reload without the provider → sign out', async ({
  context,
  page,
  demo,
}, testInfo) => {
  const { provider } = demo
  const atProvider = (url: URL) => url.origin === provider.origin
  await openDemo(page, demo)
  await expectStatus(page, 'unauthenticated')

  // Sign in with redirect: to the provider's login form and back to /callback.
  const landed = await provider.signIn(page, {
    username: 'alice',
    start: () => page.getByRole('button', { name: 'Sign in with redirect' }).click(),
  })
  expect(landed && landed.origin + landed.pathname).toBe(`${demo.origin}/callback`)
  expect(landed?.searchParams.get('code')).toBeTruthy()

  await expectStatus(page, 'authenticated')
  await expect(page.getByTestId('welcome')).toHaveText('alice')
  // The callback's code/state/iss are gone and /callback gave way to the page the login began on.
  await expect(page).toHaveURL(demo.home)
  const claims = page.getByTestId('claims')
  await expect(claims.locator('tr', { hasText: 'sub' })).toContainText('alice')
  await expect(claims.locator('tr', { hasText: 'email' }).first()).toContainText('alice@example.com')
  // The dev build runs in StrictMode (effects run twice): still exactly one code exchange.
  expect(tokenRequests(demo).map((r) => r.status)).toEqual([200])

  // The expiry counts down.
  const expiresIn = page.getByTestId('expires-in')
  await expect(expiresIn).toHaveText(/^(\d+:)?\d{1,2}:\d{2}$/)
  const first = await expiresIn.textContent()
  await expect(expiresIn).not.toHaveText(first ?? '', { timeout: 3000 })

  // The protected route renders for a signed-in user, with no redirect.
  await page.getByRole('navigation').getByRole('link', { name: 'Protected' }).click()
  await expect(page).toHaveURL(`${demo.origin}/protected`)
  await expect(page.getByTestId('protected')).toContainText('Hello alice')
  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click()
  await expect(page).toHaveURL(demo.home)

  // Call API: auth.fetch(`${issuer}/api/me`) with the access token.
  await page.getByRole('button', { name: 'Call API' }).click()
  await expect(page.getByTestId('api-status')).toHaveText(/^200 /)
  const body = JSON.parse((await page.getByTestId('api-response').textContent()) ?? '') as {
    sub: string
    client_id: string
  }
  expect(body).toMatchObject({ sub: 'alice', client_id: 'lanyard-dev' })
  expect(provider.requestsTo(`${provider.baseUrl}/api/me`, 'GET')).toHaveLength(1)

  // Refresh now: one refresh-token grant.
  await page.getByRole('button', { name: 'Refresh now' }).click()
  await expect(page.getByTestId('refreshed-at')).toBeVisible()
  expect(tokenRequests(demo).map((r) => r.status)).toEqual([200, 200])
  await expect(page.getByTestId('error')).toHaveCount(0)

  const screenshot = testInfo.outputPath('signed-in.png')
  await page.screenshot({ path: screenshot, fullPage: true })
  await testInfo.attach('signed-in', { path: screenshot, contentType: 'image/png' })

  // Reload: signed in again from the encrypted IndexedDB cache, without a single provider request.
  provider.clearRequests()
  const seen = watchProviderRequests(context, demo)
  await page.reload()
  await expectStatus(page, 'authenticated')
  await expect(page.getByTestId('welcome')).toHaveText('alice')
  await expect(page.getByTestId('expires-in')).toBeVisible()
  // Settled: no request in flight for 500 ms after the load (anything late would show up here).
  await page.waitForLoadState('networkidle')
  seen.stop()
  expect(seen.urls).toEqual([])
  expect(provider.requests).toEqual([])

  // Sign out: revocation, then the provider's end-session page, then back home signed out.
  await Promise.all([page.waitForURL(atProvider), page.getByRole('button', { name: 'Sign out' }).click()])
  await page.waitForURL(demo.home)
  await expectStatus(page, 'unauthenticated')
  await expect(page.getByRole('button', { name: 'Sign in with redirect' })).toBeVisible()
  const revocations = provider.requestsTo(provider.metadata.revocation_endpoint ?? '', 'POST')
  expect(revocations.map((r) => r.status)).toEqual([200])
  // And it stays signed out.
  await page.reload()
  await expectStatus(page, 'unauthenticated')
})

test('RequireAuth: a signed-out visit to /protected signs in at the provider and comes back to it', async ({
  page,
  demo,
}) => {
  const landed = await demo.provider.signIn(page, {
    username: 'bob',
    start: () => page.goto(`${demo.origin}/protected`),
  })
  expect(landed?.pathname).toBe('/callback')

  await expect(page).toHaveURL(`${demo.origin}/protected`) // appState.returnTo
  await expect(page.getByTestId('protected')).toContainText('Hello bob')
  await expectStatus(page, 'authenticated')
  expect(tokenRequests(demo).map((r) => r.status)).toEqual([200])
})

test('popup login, and another tab follows the sign-in and the sign-out', async ({ context, page, demo }) => {
  const atProvider = (url: URL) => url.origin === demo.provider.origin
  await openDemo(page, demo)
  const other = await context.newPage()
  await openDemo(other, demo)
  await expectStatus(other, 'unauthenticated')

  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Sign in with popup' }).click(),
  ])
  const closed = popup.waitForEvent('close')
  await demo.provider.signIn(popup, { username: 'carol' })
  if (!popup.isClosed()) await closed // it relays the response to the opener and closes itself

  await expectStatus(page, 'authenticated')
  await expect(page.getByTestId('welcome')).toHaveText('carol')
  expect(page.url()).toBe(demo.home) // the opener never navigated
  // One code exchange, made by the opener (the popup only relays), StrictMode notwithstanding.
  expect(tokenRequests(demo).map((r) => r.status)).toEqual([200])

  // The other tab, never reloaded, is signed in too.
  await expectStatus(other, 'authenticated')
  await expect(other.getByTestId('welcome')).toHaveText('carol')

  await Promise.all([page.waitForURL(atProvider), page.getByRole('button', { name: 'Sign out' }).click()])
  await page.waitForURL(demo.home)
  await expectStatus(page, 'unauthenticated')
  await expectStatus(other, 'unauthenticated')
})

test('errors show their code and message: a closed popup, a replayed callback', async ({ page, demo }) => {
  const { provider } = demo
  await openDemo(page, demo)
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Sign in with popup' }).click(),
  ])
  await popup.waitForURL((url) => url.origin === provider.origin)
  await popup.close()
  const banner = page.getByTestId('error')
  await expect(banner).toContainText('AUTH_POPUP_CLOSED')
  await expect(banner).toContainText(/\S+\s+\S+/) // a message after the code
  await banner.getByRole('button', { name: 'Dismiss' }).click()
  await expect(banner).toHaveCount(0)

  // A callback URL with a state this browser never issued: reported, never exchanged.
  await page.goto(
    `${demo.origin}/callback?code=forged&state=unknown&iss=${encodeURIComponent(provider.issuer)}`,
  )
  await expect(banner).toContainText('AUTH_STATE_MISMATCH')
  await expectStatus(page, 'unauthenticated')
  await expect(page.getByRole('button', { name: 'Sign in with redirect' })).toBeVisible()
  expect(tokenRequests(demo)).toEqual([])
})
