// Hardening matrix, refresh: a failing token endpoint never costs a valid session, a reused refresh
// token ends it everywhere, a tab that dies holding the refresh lock does not block the others,
// many tabs make one request, and a skewed page clock (Playwright's clock) changes nothing. Against
// `shortTtl`, the worker's dev provider with 5-second access tokens: with `refreshLeewaySeconds: 2`
// a token counts as expired 3 s after it was issued.
import type { Page } from '@playwright/test'
import type { Faults } from '@lanyard/dev-provider/playwright'
import {
  configureApp,
  expectView,
  getAccessToken,
  loginWithRedirect,
  nextTokenResponse,
  openApp,
  openSignedInTabs,
  stateText,
  tokenPosts,
  tokenStorm,
  expireAccessToken,
} from '../support/app.ts'
import { expect, test, type TestProvider } from '../support/fixtures.ts'
import { timedGetAccessToken, tokenRecords } from '../support/hardening.ts'

const LEEWAY = 2
/** Per-request bound for the fault tests (timeouts.httpMs). */
const HTTP_MS = 2000

/** Opens the app on `provider`, signs in by redirect and returns the login's token response. */
async function signIn(page: Page, provider: TestProvider) {
  await openApp(page)
  const login = nextTokenResponse(page, provider.metadata.token_endpoint)
  await loginWithRedirect(page, provider)
  return login
}

// Tokens expire when the test moves the browser's clock (expireAccessToken), not in real time.
test.beforeEach(async ({ context }) => {
  await context.clock.install()
})

const refreshFaults: { fault: NonNullable<Faults['token']> | 'offline'; code: string; posts: number[] }[] = [
  { fault: 'http500', code: 'AUTH_TOKEN_REQUEST_FAILED', posts: [500] },
  { fault: 'hang', code: 'AUTH_TIMEOUT', posts: [0] },
  { fault: 'malformed-json', code: 'AUTH_INVALID_RESPONSE', posts: [200] },
  { fault: 'offline', code: 'AUTH_NETWORK_ERROR', posts: [] },
]

/** The access token's expiry in the page's snapshot (epoch s). */
const expiresAtOf = (page: Page) => page.evaluate(() => window.auth.getSnapshot().expiresAt)

for (const { fault, code, posts } of refreshFaults) {
  test(`refresh with the token endpoint ${fault}: ${code} within timeouts.httpMs, session kept, works once the fault clears`, async ({
    context,
    page,
    shortTtl,
  }) => {
    await configureApp(context, {
      issuer: shortTtl.issuer,
      refreshLeewaySeconds: LEEWAY,
      timeouts: { httpMs: HTTP_MS },
    })
    const { access_token: first } = await signIn(page, shortTtl)
    await expireAccessToken(page, LEEWAY)
    shortTtl.clearRequests()
    if (fault === 'offline') await context.setOffline(true)
    else shortTtl.setFaults({ token: fault })

    const failed = await timedGetAccessToken(page)
    expect(failed.error).toBe(code)
    expect(failed.ms).toBeLessThan(HTTP_MS + 1000)
    if (fault === 'hang') expect(failed.ms).toBeGreaterThanOrEqual(HTTP_MS - 50)
    expect(tokenPosts(shortTtl)).toEqual(posts)
    // The session is untouched: still signed in, no error shown, the record still there.
    await expectView(page, { status: 'authenticated', sub: 'alice' })
    expect(await tokenRecords(page)).toHaveLength(1)
    // Asking again during the fault fails the same way (no stuck flight, no stuck lock).
    expect((await timedGetAccessToken(page)).error).toBe(code)

    // The fault clears: a reload is signed in from the cache, and the token is refreshed once.
    shortTtl.clearRequests()
    if (fault === 'offline') {
      const expiredAt = await expiresAtOf(page)
      await context.setOffline(false)
      // Back online, the tab refreshes by itself (the wake refresh): wait for it, so that the
      // reload does not cut it off.
      await expect.poll(() => expiresAtOf(page)).not.toBe(expiredAt)
    } else shortTtl.setFaults({})
    await page.reload()
    await expectView(page, { status: 'authenticated', sub: 'alice' })
    const again = await getAccessToken(page)
    expect(again.error).toBeUndefined()
    expect(again.token).toEqual(expect.any(String))
    expect(again.token).not.toBe(first)
    expect(tokenPosts(shortTtl)).toEqual([200])
  })
}

test('a reused refresh token (rotation + reuse detection): AUTH_LOGIN_REQUIRED and signed out in every tab', async ({
  context,
  page,
  shortTtl,
}) => {
  await configureApp(context, { issuer: shortTtl.issuer, refreshLeewaySeconds: LEEWAY })
  const { refresh_token: original } = await signIn(page, shortTtl)
  expect(original, 'the provider issued a refresh token').toEqual(expect.any(String))
  const other = await context.newPage()
  expect(await openApp(other)).toEqual({ status: 'authenticated', sub: 'alice', error: null })

  // The page refreshes once: the provider rotates the refresh token.
  await expireAccessToken(page, LEEWAY)
  const rotation = nextTokenResponse(page, shortTtl.metadata.token_endpoint)
  expect((await getAccessToken(page)).token).toEqual(expect.any(String))
  const rotated = (await rotation).refresh_token
  expect(rotated).toEqual(expect.any(String))
  expect(rotated).not.toBe(original)

  // Someone replays the old refresh token (stolen before the rotation): the provider detects the
  // reuse, refuses it and revokes the whole grant, the rotated token included.
  const replay = await fetch(shortTtl.metadata.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: original as string,
      client_id: shortTtl.clientId,
    }),
  })
  expect(replay.status).toBe(400)
  expect(((await replay.json()) as { error?: string }).error).toBe('invalid_grant')

  // The page's next refresh: invalid_grant → the session ends in every tab.
  await expireAccessToken(page, LEEWAY)
  shortTtl.clearRequests()
  expect(await getAccessToken(page)).toEqual({ error: 'AUTH_LOGIN_REQUIRED' })
  await expectView(page, { status: 'unauthenticated', error: 'AUTH_LOGIN_REQUIRED' })
  await expect(other.locator('#state')).toHaveText(
    stateText({ status: 'unauthenticated', error: 'AUTH_LOGIN_REQUIRED' }),
  )
  expect(await getAccessToken(other)).toEqual({ error: 'AUTH_LOGIN_REQUIRED' })
  expect(tokenPosts(shortTtl)).toEqual([400])
  expect(await tokenRecords(page)).toEqual([])
  await page.reload()
  await expectView(page, { status: 'unauthenticated' })
})

test('the tab holding the refresh lock is closed mid-refresh: the lock is released and another tab refreshes', async ({
  context,
  page,
  shortTtl,
}) => {
  const LOCK_MS = 10_000
  await configureApp(context, {
    issuer: shortTtl.issuer,
    refreshLeewaySeconds: LEEWAY,
    // Longer than the test waits: only the tab's death can end tab A's request.
    timeouts: { httpMs: 20_000, lockMs: LOCK_MS },
  })
  await signIn(page, shortTtl)
  const tabB = await context.newPage()
  expect(await openApp(tabB)).toEqual({ status: 'authenticated', sub: 'alice', error: null })
  await expireAccessToken(page, LEEWAY)
  shortTtl.clearRequests()
  shortTtl.setFaults({ token: 'hang', times: 1 })

  // Tab A refreshes: it takes the lock and its token request hangs.
  await page.evaluate(() => {
    void window.auth.getAccessToken().catch(() => {})
  })
  await expect.poll(() => tokenPosts(shortTtl)).toEqual([0])
  // Tab B asks too: it queues behind A for the lock (the Web Locks API shows both).
  await tabB.evaluate(() => {
    const w = window as { result?: { token?: string; error?: string } }
    window.auth.getAccessToken().then(
      (token) => (w.result = { token }),
      (error: { code?: string }) => (w.result = { error: error?.code ?? String(error) }),
    )
  })
  await expect
    .poll(() =>
      tabB.evaluate(async () => {
        const { held = [], pending = [] } = await navigator.locks.query()
        const ours = (locks: LockInfo[]) => locks.filter((l) => l.name?.startsWith('lanyard:')).length
        return { held: ours(held), pending: ours(pending) }
      }),
    )
    .toEqual({ held: 1, pending: 1 })

  const closedAt = Date.now()
  await page.close()
  await expect
    .poll(() => tabB.evaluate(() => (window as { result?: { token?: string; error?: string } }).result), {
      timeout: LOCK_MS,
    })
    .toEqual({ token: expect.any(String) })
  expect(Date.now() - closedAt).toBeLessThan(3000)
  // The hung request consumed nothing: B's refresh with the same refresh token succeeded.
  expect(tokenPosts(shortTtl)).toEqual([0, 200])
  await expectView(tabB, { status: 'authenticated', sub: 'alice' })
})

test('5 tabs × 20 concurrent getAccessToken() after expiry: exactly one token request, no invalid_grant', async ({
  context,
  page,
  shortTtl,
}) => {
  await configureApp(context, { issuer: shortTtl.issuer, refreshLeewaySeconds: LEEWAY })
  const { access_token: first } = await signIn(page, shortTtl)
  const tabs = [page, ...(await openSignedInTabs(context, 4))]

  await expireAccessToken(page, LEEWAY)
  shortTtl.clearRequests()
  const all = await tokenStorm(tabs, 20)
  expect(all).toHaveLength(100)
  expect(all.filter((r) => r.startsWith('error:'))).toEqual([])
  expect(new Set(all).size).toBe(1)
  expect(all[0]).not.toBe(first)
  // One request, and it succeeded: rotation never tripped reuse detection (no 400 invalid_grant).
  expect(tokenPosts(shortTtl)).toEqual([200])
  for (const tab of tabs) await expectView(tab, { status: 'authenticated', sub: 'alice' })
})

for (const skewSeconds of [120, -120]) {
  test(`page clock ${skewSeconds > 0 ? '+' : ''}${skewSeconds} s: redirect login and refresh still work`, async ({
    context,
    page,
    shortTtl,
  }) => {
    // Every page of the context reads the skewed time; timers run at the normal pace.
    await context.clock.setSystemTime(Date.now() + skewSeconds * 1000)
    await configureApp(context, { issuer: shortTtl.issuer, refreshLeewaySeconds: LEEWAY })
    await openApp(page)
    const skew = (await page.evaluate(() => Date.now())) - Date.now()
    expect(Math.abs(skew - skewSeconds * 1000)).toBeLessThan(1000)

    const login = nextTokenResponse(page, shortTtl.metadata.token_endpoint)
    await loginWithRedirect(page, shortTtl)
    const { access_token: first } = await login
    expect(await page.evaluate(() => window.auth.getUser()?.sub)).toBe('alice')
    expect(await getAccessToken(page)).toEqual({ token: first })

    await expireAccessToken(page, LEEWAY)
    shortTtl.clearRequests()
    const refreshed = await getAccessToken(page)
    expect(refreshed.error).toBeUndefined()
    expect(refreshed.token).not.toBe(first)
    expect(tokenPosts(shortTtl)).toEqual([200])
    await expectView(page, { status: 'authenticated', sub: 'alice' })
  })
}
