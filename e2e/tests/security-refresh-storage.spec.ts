// Security: a refresh whose rotated tokens cannot be written to IndexedDB leaves no stale refresh
// token where another tab or a reload would replay it (the dev provider rotates refresh tokens and
// treats a replayed one as theft: it revokes the whole grant), and the other tabs get the rotated
// tokens. IndexedDB refuses writes in one tab when the test flips its switch (support/security.ts).
import {
  configureApp,
  expectView,
  loginWithRedirect,
  nextTokenResponse,
  openApp,
  signedIn,
  tokenPosts,
} from '../support/app.ts'
import { expect, test } from '../support/fixtures.ts'
import { timedGetAccessToken } from '../support/hardening.ts'
import { setIndexedDbFault, switchableIndexedDbFault } from '../support/security.ts'

test('rotated tokens not written to disk: the other tab uses them, a new tab replays nothing, no invalid_grant anywhere', async ({
  context,
  page,
  provider,
}, testInfo) => {
  await switchableIndexedDbFault(context)
  await configureApp(context, { issuer: provider.issuer })
  await openApp(page)
  const login = nextTokenResponse(page, provider.metadata.token_endpoint)
  await loginWithRedirect(page, provider)
  const { access_token: first } = await login
  const other = await context.newPage()
  expect(await openApp(other)).toEqual({ status: 'authenticated', sub: 'alice', error: null })
  expect((await timedGetAccessToken(other)).token).toBe(first)

  // This tab refreshes (the provider rotates the refresh token) while IndexedDB refuses writes.
  await setIndexedDbFault(page, 'writes')
  provider.clearRequests()
  const rotation = nextTokenResponse(page, provider.metadata.token_endpoint)
  const refreshed = await timedGetAccessToken(page, { cacheMode: 'off' })
  const { access_token: second } = await rotation
  expect(refreshed.token).toBe(second)
  expect(second).not.toBe(first)
  expect(tokenPosts(provider)).toEqual([200])
  expect(await page.evaluate(() => window.e2eWarnings)).toContain('AUTH_STORAGE_UNAVAILABLE')

  // The other tab holds the rotated tokens, without a request of its own.
  await expect.poll(async () => (await timedGetAccessToken(other)).token).toBe(second)
  await expectView(other, { status: 'authenticated', sub: 'alice' })
  expect(tokenPosts(provider)).toEqual([200])

  // A new tab (a reload) must not come back with the refresh token the provider already rotated:
  // either it is signed out, or its refresh works.
  const fresh = await context.newPage()
  const view = await openApp(fresh)
  const forced = await timedGetAccessToken(fresh, { cacheMode: 'off' })
  testInfo.annotations.push({ type: 'observed', description: JSON.stringify({ view, forced }) })
  if (view.status === 'authenticated') expect(forced.token).toEqual(expect.any(String))
  else expect(forced.error).toBe('AUTH_LOGIN_REQUIRED')
  expect(tokenPosts(provider)).not.toContain(400)

  // The grant is alive: the other tab refreshes with the rotated token.
  const next = nextTokenResponse(other, provider.metadata.token_endpoint)
  const third = await timedGetAccessToken(other, { cacheMode: 'off' })
  expect(third.token).toBe((await next).access_token)
  expect(tokenPosts(provider)).not.toContain(400)
  await expectView(other, { status: 'authenticated', sub: 'alice' })
})

// Found here: the tab working from memory lost its session as soon as another tab refreshed (its
// memory store had no sealing key, and no newer record). Now the sealer keeps its key, and every
// `tokens-updated` message carries the record, so the tab follows the other tab's refresh.
test('after such a fault, the tab working from memory keeps its session when another tab refreshes', async ({
  context,
  page,
  provider,
}, testInfo) => {
  await switchableIndexedDbFault(context)
  await signedIn(context, page, provider)
  const other = await context.newPage()
  expect(await openApp(other)).toEqual({ status: 'authenticated', sub: 'alice', error: null })
  await setIndexedDbFault(page, 'writes')
  expect((await timedGetAccessToken(page, { cacheMode: 'off' })).token).toEqual(expect.any(String))
  await setIndexedDbFault(page, 'off')
  provider.clearRequests()

  // The other tab refreshes (and writes to disk).
  const next = nextTokenResponse(other, provider.metadata.token_endpoint)
  const third = await timedGetAccessToken(other, { cacheMode: 'off' })
  expect(third.token).toBe((await next).access_token)

  // This tab still has a session: a token, and a refresh of its own that the provider accepts.
  const after = await timedGetAccessToken(page)
  testInfo.annotations.push({ type: 'observed', description: JSON.stringify(after) })
  expect(after.token).toEqual(expect.any(String))
  expect((await timedGetAccessToken(page, { cacheMode: 'off' })).token).toEqual(expect.any(String))
  expect(tokenPosts(provider)).not.toContain(400)
  await expectView(page, { status: 'authenticated', sub: 'alice' })
})
