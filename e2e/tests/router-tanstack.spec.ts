// The demo's TanStack Router page (tanstack.html, at /tanstack/…): /tanstack/protected has a
// `beforeLoad` that awaits `auth.requireLogin()`. The login's redirect URI is the main demo's
// /callback, which completes it and loads /tanstack/protected again (appState.returnTo).
import {
  expect,
  expectStatus,
  openDemo,
  test,
  tokenRequests,
  watchProviderRequests,
} from '../support/demo.ts'
import { expectNoFlash, expectProtectedContent, settled, watchGuard } from '../support/router-guard.ts'

const PROTECTED_PATH = '/tanstack/protected'

test.describe.configure({ timeout: 60_000 })

test('signed out, loading /tanstack/protected: no protected content, one redirect, back to it', async ({
  page,
  demo,
}) => {
  const watch = await watchGuard(page, demo)
  await Promise.all([
    page.waitForURL((url) => url.origin === demo.provider.origin),
    page.goto(`${demo.origin}${PROTECTED_PATH}`),
  ])
  expect(watch.sightings).toEqual([]) // the guard held the route back until the page left
  const landed = await demo.provider.signIn(page, { username: 'hana' })
  expect(watch.authorizeNavigations).toHaveLength(1)
  expect(landed?.pathname).toBe('/callback')
  await expect(page).toHaveURL(`${demo.origin}${PROTECTED_PATH}`)
  await expectProtectedContent(page, 'hana')
  await settled(page)

  expect(watch.authorizeNavigations).toHaveLength(1)
  expect(tokenRequests(demo).map((request) => request.status)).toEqual([200])
  expectNoFlash(watch, demo, PROTECTED_PATH)
  expect(watch.sightings.length).toBeGreaterThan(0)
})

test('signed in, reloading /tanstack/protected: rendered from the cache with no provider request', async ({
  context,
  page,
  demo,
}) => {
  await openDemo(page, demo)
  await demo.provider.signIn(page, {
    username: 'ivan',
    start: () => page.getByRole('button', { name: 'Sign in with redirect' }).click(),
  })
  await expectStatus(page, 'authenticated')
  await page.goto(`${demo.origin}${PROTECTED_PATH}`)
  await expectProtectedContent(page, 'ivan')

  const watch = await watchGuard(page, demo)
  demo.provider.clearRequests()
  const seen = watchProviderRequests(context, demo)
  await page.reload()
  await expectProtectedContent(page, 'ivan')
  await settled(page)
  seen.stop()

  expect(seen.urls).toEqual([])
  expect(demo.provider.requests).toEqual([])
  expect(watch.authorizeNavigations).toEqual([])
  expectNoFlash(watch, demo, PROTECTED_PATH)
  expect(watch.sightings).toHaveLength(1)
})

test('signed out, following the Protected link on the TanStack page: one redirect, back to it', async ({
  page,
  demo,
}) => {
  const watch = await watchGuard(page, demo)
  await page.goto(`${demo.origin}/tanstack/`)
  await expectStatus(page, 'unauthenticated')
  await demo.provider.signIn(page, {
    username: 'jo',
    start: async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Protected' }).click()
    },
  })
  expect(watch.authorizeNavigations).toHaveLength(1)
  await expect(page).toHaveURL(`${demo.origin}${PROTECTED_PATH}`)
  await expectProtectedContent(page, 'jo')
  await settled(page)
  expect(watch.authorizeNavigations).toHaveLength(1)
  expect(tokenRequests(demo).map((request) => request.status)).toEqual([200])
  expectNoFlash(watch, demo, PROTECTED_PATH)
})
