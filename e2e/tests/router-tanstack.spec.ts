// The demo's TanStack Router page (tanstack.html, at /tanstack/…): /tanstack/protected has a
// `beforeLoad` that awaits `auth.requireLogin()`. The login's redirect URI is the main demo's
// /callback, which completes it and loads /tanstack/protected again (appState.returnTo).
import { PROVIDER_ORIGIN } from '../support/env'
import {
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
const PROTECTED_PATH = '/tanstack/protected'
const PROTECTED = `${DEMO_ORIGIN}${PROTECTED_PATH}`

test.describe.configure({ timeout: 60_000 })

test('signed out, loading /tanstack/protected: no protected content, one redirect, back to it', async ({
  page,
  provider,
}) => {
  const watch = await watchGuard(page, provider.metadata)
  await Promise.all([page.waitForURL(atProvider), page.goto(PROTECTED)])
  expect(watch.sightings).toEqual([])
  expect(watch.authorizeNavigations).toHaveLength(1)

  const landed = await signInAtProvider(page, { username: 'hana' })
  expect(landed.pathname).toBe('/callback')
  await expect(page).toHaveURL(PROTECTED)
  await expectProtectedContent(page, 'hana')
  await settled(page)

  expect(watch.authorizeNavigations).toHaveLength(1)
  expect((await tokenRequests(provider)).map((request) => request.status)).toEqual([200])
  expectNoFlash(watch, PROTECTED_PATH)
  expect(watch.sightings.length).toBeGreaterThan(0)
})

test('signed in, reloading /tanstack/protected: rendered from the cache with no provider request', async ({
  context,
  page,
  provider,
}) => {
  await openDemo(page)
  await Promise.all([
    page.waitForURL(atProvider),
    page.getByRole('button', { name: 'Sign in with redirect' }).click(),
  ])
  await signInAtProvider(page, { username: 'ivan' })
  await expectStatus(page, 'authenticated')
  await page.goto(PROTECTED)
  await expectProtectedContent(page, 'ivan')

  const watch = await watchGuard(page, provider.metadata)
  await provider.clearRequestLog()
  const seen = watchProviderRequests(context)
  await page.reload()
  await expectProtectedContent(page, 'ivan')
  await settled(page)
  seen.stop()

  expect(seen.urls).toEqual([])
  expect(await demoRequests(provider)).toEqual([])
  expect(watch.authorizeNavigations).toEqual([])
  expectNoFlash(watch, PROTECTED_PATH)
  expect(watch.sightings).toHaveLength(1)
})

test('signed out, following the Protected link on the TanStack page: one redirect, back to it', async ({
  page,
  provider,
}) => {
  const watch = await watchGuard(page, provider.metadata)
  await page.goto(`${DEMO_ORIGIN}/tanstack/`)
  await expectStatus(page, 'unauthenticated')
  await Promise.all([
    page.waitForURL(atProvider),
    page.getByRole('navigation').getByRole('link', { name: 'Protected' }).click(),
  ])
  expect(watch.sightings).toEqual([])

  await signInAtProvider(page, { username: 'jo' })
  await expect(page).toHaveURL(PROTECTED)
  await expectProtectedContent(page, 'jo')
  await settled(page)
  expect(watch.authorizeNavigations).toHaveLength(1)
  expect((await tokenRequests(provider)).map((request) => request.status)).toEqual([200])
  expectNoFlash(watch, PROTECTED_PATH)
})
