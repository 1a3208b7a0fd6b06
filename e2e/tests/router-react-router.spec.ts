// The demo's React Router (data router) guard: /protected has a `loader` that awaits
// `auth.requireLogin()`. Against the dev provider, in Chromium: nothing of the route renders before
// the session is known, a signed-in reload asks the provider nothing, and a signed-out visit makes
// exactly one trip to the provider and comes back to the route.
import { PROVIDER_ORIGIN } from '../support/env'
import {
  DEMO_HOME,
  DEMO_ORIGIN,
  demoRequests,
  expectStatus,
  openDemo,
  tokenRequests,
  watchProviderRequests,
} from '../support/demo'
import { expect, test } from '../support/fixtures'
import { signInAtProvider } from '../support/login'
import { expectNoFlash, expectProtectedContent, settled, watchGuard } from '../support/router-guard'

const atProvider = (url: URL) => url.origin === PROVIDER_ORIGIN
const PROTECTED = `${DEMO_ORIGIN}/protected`

// The first page load of a cold Vite dev server transforms the app and the SDK sources on demand.
test.describe.configure({ timeout: 60_000 })

test('signed out, loading /protected: no protected content, one redirect to the provider, back to /protected', async ({
  page,
  provider,
}) => {
  const watch = await watchGuard(page, provider.metadata)
  await Promise.all([page.waitForURL(atProvider), page.goto(PROTECTED)])
  expect(watch.sightings).toEqual([]) // the loader held the route back until the page left
  expect(watch.authorizeNavigations).toHaveLength(1)

  const landed = await signInAtProvider(page, { username: 'erin' })
  expect(landed.pathname).toBe('/callback')
  await expect(page).toHaveURL(PROTECTED) // appState.returnTo
  await expectProtectedContent(page, 'erin')
  await settled(page)

  expect(watch.authorizeNavigations).toHaveLength(1) // and no second trip after the callback
  expect((await tokenRequests(provider)).map((request) => request.status)).toEqual([200])
  expectNoFlash(watch, '/protected')
  expect(watch.sightings.length).toBeGreaterThan(0)
})

test('signed in, reloading /protected: the route renders from the cache with no provider request', async ({
  context,
  page,
  provider,
}) => {
  await openDemo(page)
  await Promise.all([
    page.waitForURL(atProvider),
    page.getByRole('button', { name: 'Sign in with redirect' }).click(),
  ])
  await signInAtProvider(page, { username: 'frank' })
  await expectStatus(page, 'authenticated')
  await page.getByRole('navigation').getByRole('link', { name: 'Protected' }).click()
  await expectProtectedContent(page, 'frank')

  const watch = await watchGuard(page, provider.metadata)
  await provider.clearRequestLog()
  const seen = watchProviderRequests(context)
  await page.reload()
  await expectProtectedContent(page, 'frank')
  await settled(page)
  seen.stop()

  expect(seen.urls).toEqual([])
  expect(await demoRequests(provider)).toEqual([])
  expect(watch.authorizeNavigations).toEqual([])
  expectNoFlash(watch, '/protected')
  expect(watch.sightings).toHaveLength(1) // rendered once, when the session was known
})

test('signed out, following the Protected link: one redirect, and the login comes back to /protected', async ({
  page,
  provider,
}) => {
  const watch = await watchGuard(page, provider.metadata)
  await openDemo(page)
  await expectStatus(page, 'unauthenticated')
  await Promise.all([
    page.waitForURL(atProvider),
    page.getByRole('navigation').getByRole('link', { name: 'Protected' }).click(),
  ])
  expect(watch.sightings).toEqual([])

  await signInAtProvider(page, { username: 'gina' })
  await expect(page).toHaveURL(PROTECTED)
  await expectProtectedContent(page, 'gina')
  await settled(page)
  expect(watch.authorizeNavigations).toHaveLength(1)
  expect((await tokenRequests(provider)).map((request) => request.status)).toEqual([200])
  expectNoFlash(watch, '/protected')

  // Home again, then the same link signed in: a client-side navigation, no provider request.
  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click()
  await expect(page).toHaveURL(DEMO_HOME)
  await provider.clearRequestLog()
  await page.getByRole('navigation').getByRole('link', { name: 'Protected' }).click()
  await expectProtectedContent(page, 'gina')
  expect(await demoRequests(provider)).toEqual([])
  expect(watch.authorizeNavigations).toHaveLength(1)
})
