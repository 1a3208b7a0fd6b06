// @lanyard/browser, a new tab while another tab holds the session: real Chromium, real
// BroadcastChannel. The new tab's IndexedDB is held closed until the test lets it open: the open
// tab's answer alone signs it in; once the database opens, its record agrees and nothing changes.
import { APP_ORIGIN } from '../support/env.ts'
import { expectView, getAccessToken, signedIn, tokenPosts } from '../support/app.ts'
import { expect, test } from '../support/fixtures.ts'

declare global {
  interface Window {
    openIndexedDb?: () => void
  }
}

test('a new tab is signed in by the open tab before its own IndexedDB opens; the database agrees', async ({
  context,
  page,
  provider,
}) => {
  await signedIn(context, page, provider)
  const { token } = await getAccessToken(page)
  const tokenRequests = tokenPosts(provider).length

  const tab = await context.newPage()
  await tab.addInitScript((origin) => {
    if (location.origin !== origin) return
    // indexedDB.open answers only after window.openIndexedDb(): a request object that forwards
    // the real request's events once it exists (what the SDK and idb-keyval use of it).
    const open = indexedDB.open.bind(indexedDB)
    let opened: () => void
    const allowed = new Promise<void>((resolve) => (opened = resolve))
    window.openIndexedDb = () => opened()
    indexedDB.open = (name: string, version?: number) => {
      const request = {} as IDBOpenDBRequest & Record<string, unknown>
      void allowed.then(() => {
        const real = open(name, version)
        for (const type of ['success', 'error', 'upgradeneeded', 'blocked'] as const) {
          real.addEventListener(type, (event) => {
            Object.assign(request, { result: real.result, error: real.error })
            ;(request[`on${type}`] as ((event: Event) => void) | null)?.(event)
          })
        }
      })
      return request
    }
  }, APP_ORIGIN)
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
