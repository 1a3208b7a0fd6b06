// @lanyard/browser, a new tab while another tab holds the session: real Chromium, real
// BroadcastChannel. The new tab's IndexedDB is held closed until the test lets it open: the open
// tab's answer alone signs it in; once the database opens, its record agrees and nothing changes.
import { APP_ORIGIN } from '../support/env.ts'
import { expectView, getAccessToken, holdIndexedDbOpen, signedIn, tokenPosts } from '../support/app.ts'
import { expect, test } from '../support/fixtures.ts'

test('a new tab is signed in by the open tab before its own IndexedDB opens; the database agrees', async ({
  context,
  page,
  provider,
}) => {
  await signedIn(context, page, provider)
  const { token } = await getAccessToken(page)
  const tokenRequests = tokenPosts(provider).length

  const tab = await context.newPage()
  await holdIndexedDbOpen(tab)
  await tab.goto(`${APP_ORIGIN}/index.html`)
  await expectView(tab, { status: 'authenticated', sub: 'alice' })
  expect(await getAccessToken(tab)).toEqual({ token })

  expect(tokenPosts(provider)).toHaveLength(tokenRequests) // no request: the session was handed over

  await tab.evaluate(() => window.openIndexedDb?.())
  // The database holds the same session: a forced refresh there uses its refresh token and works.
  const refreshed = await tab.evaluate(() => window.auth.getAccessToken({ cacheMode: 'off' }))
  expect(refreshed).not.toBe(token)
  expect(tokenPosts(provider).slice(tokenRequests)).toEqual([200])
  await expectView(tab, { status: 'authenticated', sub: 'alice' })
  expect(await tab.evaluate(() => window.e2eStates.map((state) => state.status))).not.toContain(
    'unauthenticated',
  )
})
