// The demo's React Router (data router) guard: /protected has a `loader` that awaits
// `auth.requireLogin()`. Against the dev provider, in Chromium: nothing of the route renders before
// the session is known, a signed-in reload asks the provider nothing, and a signed-out visit makes
// exactly one trip to the provider and comes back to the route.
import {
  expect,
  expectStatus,
  openDemo,
  test,
  tokenRequests,
  watchProviderRequests,
} from '../support/demo.ts'
import { expectNoFlash, expectProtectedContent, settled, watchGuard } from '../support/router-guard.ts'

// The first page load of a cold Vite dev server transforms the app and the SDK sources on demand.
test.describe.configure({ timeout: 60_000 })

test('signed out, loading /protected: no protected content, one redirect to the provider, back to /protected', async ({
  page,
  demo,
}) => {
  const watch = await watchGuard(page, demo)
  await Promise.all([
    page.waitForURL((url) => url.origin === demo.provider.origin),
    page.goto(`${demo.origin}/protected`),
  ])
  expect(watch.sightings).toEqual([]) // the guard held the route back until the page left
  const landed = await demo.provider.signIn(page, { username: 'erin' })
  expect(watch.authorizeNavigations).toHaveLength(1)
  expect(landed?.pathname).toBe('/callback')
  await expect(page).toHaveURL(`${demo.origin}/protected`) // appState.returnTo
  await expectProtectedContent(page, 'erin')
  await settled(page)

  expect(watch.authorizeNavigations).toHaveLength(1) // and no second trip after the callback
  expect(tokenRequests(demo).map((request) => request.status)).toEqual([200])
  expectNoFlash(watch, demo, '/protected')
  expect(watch.sightings.length).toBeGreaterThan(0)
})

test('signed in, reloading /protected: the route renders from the cache with no provider request', async ({
  context,
  page,
  demo,
}) => {
  await openDemo(page, demo)
  await demo.provider.signIn(page, {
    username: 'frank',
    start: () => page.getByRole('button', { name: 'Sign in with redirect' }).click(),
  })
  await expectStatus(page, 'authenticated')
  await page.getByRole('navigation').getByRole('link', { name: 'Protected' }).click()
  await expectProtectedContent(page, 'frank')

  const watch = await watchGuard(page, demo)
  demo.provider.clearRequests()
  const seen = watchProviderRequests(context, demo)
  await page.reload()
  await expectProtectedContent(page, 'frank')
  await settled(page)
  seen.stop()

  expect(seen.urls).toEqual([])
  expect(demo.provider.requests).toEqual([])
  expect(watch.authorizeNavigations).toEqual([])
  expectNoFlash(watch, demo, '/protected')
  expect(watch.sightings).toHaveLength(1) // rendered once, when the session was known
})

test('signed out, following the Protected link: one redirect, and the login comes back to /protected', async ({
  page,
  demo,
}) => {
  const watch = await watchGuard(page, demo)
  await openDemo(page, demo)
  await expectStatus(page, 'unauthenticated')
  await demo.provider.signIn(page, {
    username: 'gina',
    start: async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Protected' }).click()
    },
  })
  await expect(page).toHaveURL(`${demo.origin}/protected`)
  await expectProtectedContent(page, 'gina')
  await settled(page)
  expect(watch.authorizeNavigations).toHaveLength(1)
  expect(tokenRequests(demo).map((request) => request.status)).toEqual([200])
  expectNoFlash(watch, demo, '/protected')

  // Home again, then the same link signed in: a client-side navigation, no provider request.
  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click()
  await expect(page).toHaveURL(demo.home)
  demo.provider.clearRequests()
  await page.getByRole('navigation').getByRole('link', { name: 'Protected' }).click()
  await expectProtectedContent(page, 'gina')
  expect(demo.provider.requests).toEqual([])
  expect(watch.authorizeNavigations).toHaveLength(1)
})
