// @lanyard/browser, refresh on demand, across tabs, against a dev provider whose access tokens
// live 5 s (the `shortTtl` fixture). With `refreshLeewaySeconds: 2` a token counts as expired 3 s
// after it was issued.
import {
  configureApp,
  expectView,
  getAccessToken,
  loginWithRedirect,
  nextTokenResponse,
  openApp,
  openSignedInTabs,
  revokeAtProvider,
  stateText,
  tokenPosts,
  tokenStorm,
  expireAccessToken,
} from '../support/app.ts'
import { expect, test } from '../support/fixtures.ts'

const LEEWAY = 2

test.beforeEach(async ({ context, shortTtl }) => {
  // Tokens expire when the test moves the browser's clock (expireAccessToken), not in real time.
  await context.clock.install()
  await configureApp(context, { issuer: shortTtl.issuer, refreshLeewaySeconds: LEEWAY })
})

test('an expired access token: getAccessToken() refreshes once and returns the new token', async ({
  page,
  shortTtl,
}) => {
  await openApp(page)
  const login = nextTokenResponse(page, shortTtl.metadata.token_endpoint)
  await loginWithRedirect(page, shortTtl)
  const first = (await login).access_token
  expect(await getAccessToken(page)).toEqual({ token: first })

  await expireAccessToken(page, LEEWAY)
  shortTtl.clearRequests()
  const refreshed = await getAccessToken(page)
  expect(refreshed.error).toBeUndefined()
  expect(refreshed.token).toEqual(expect.any(String))
  expect(refreshed.token).not.toBe(first)
  // The new token is cached: asking again costs nothing.
  expect(await getAccessToken(page)).toEqual(refreshed)

  expect(tokenPosts(shortTtl)).toEqual([200])
  await expectView(page, { status: 'authenticated', sub: 'alice' })
})

test('3 tabs × 20 concurrent getAccessToken() after expiry: one token request, one token, no error', async ({
  context,
  page,
  shortTtl,
}) => {
  await openApp(page)
  const login = nextTokenResponse(page, shortTtl.metadata.token_endpoint)
  await loginWithRedirect(page, shortTtl)
  const first = (await login).access_token
  const tabs = [page, ...(await openSignedInTabs(context, 2))]

  await expireAccessToken(page, LEEWAY)
  shortTtl.clearRequests()
  const all = await tokenStorm(tabs, 20)
  expect(all).toHaveLength(60)
  expect(all.filter((r) => r.startsWith('error:'))).toEqual([])
  expect(new Set(all).size).toBe(1)
  expect(all[0]).not.toBe(first)

  expect(tokenPosts(shortTtl)).toEqual([200])
  for (const tab of tabs) await expectView(tab, { status: 'authenticated', sub: 'alice' })
})

test('refresh token revoked at the provider: AUTH_LOGIN_REQUIRED in every tab, session cleared', async ({
  context,
  page,
  shortTtl,
}) => {
  await openApp(page)
  const login = nextTokenResponse(page, shortTtl.metadata.token_endpoint)
  await loginWithRedirect(page, shortTtl)
  const { refresh_token } = await login
  expect(refresh_token, 'the provider issued a refresh token').toEqual(expect.any(String))
  const other = await context.newPage()
  expect(await openApp(other)).toEqual({ status: 'authenticated', sub: 'alice', error: null })
  await other.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true))

  // Out of band, as an admin or the provider's own security would: RFC 7009 revocation.
  expect(await revokeAtProvider(shortTtl, refresh_token as string)).toBe(200)

  await expireAccessToken(page, LEEWAY)
  shortTtl.clearRequests()
  await page.locator('#token').click()
  await expect(page.locator('#token-result')).toHaveText('error:AUTH_LOGIN_REQUIRED')

  // Every tab: signed out and told why, without a reload.
  await expectView(page, { status: 'unauthenticated', error: 'AUTH_LOGIN_REQUIRED' })
  await expect(other.locator('#state'), 'the other tab is signed out').toHaveText(
    /"status":"unauthenticated"/,
  )
  // Soft, so the rest still runs and reports: the other tab must say why too (DESIGN: "clears the
  // session everywhere and reports AUTH_LOGIN_REQUIRED").
  await expect
    .soft(other.locator('#state'), 'the other tab shows AUTH_LOGIN_REQUIRED')
    .toHaveText(stateText({ status: 'unauthenticated', error: 'AUTH_LOGIN_REQUIRED' }), { timeout: 2000 })
  expect(await other.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true)
  expect(await getAccessToken(other)).toEqual({ error: 'AUTH_LOGIN_REQUIRED' })
  expect(await getAccessToken(page)).toEqual({ error: 'AUTH_LOGIN_REQUIRED' })

  // One refresh attempt, refused; no retry from either tab.
  expect(tokenPosts(shortTtl)).toEqual([400])
  // The cache is empty: a reload stays signed out, with no request.
  shortTtl.clearRequests()
  expect(await openApp(other)).toEqual({ status: 'unauthenticated', sub: null, error: null })
  expect(shortTtl.requests).toEqual([])
})
