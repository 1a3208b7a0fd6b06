// `auth.getUserInfo()` (OIDC Core 5.3) through the IIFE build, against the dev provider's real
// UserInfo endpoint: Bearer, and DPoP-bound tokens (which the provider refuses as Bearer).
import type { BrowserContext, Page } from '@playwright/test'
import type * as LanyardBundle from '@lanyard/browser'
import { configureApp, loginWithRedirect, openApp } from '../support/app.ts'
import { APP_ORIGIN } from '../support/env.ts'
import { expect, test, type TestProvider } from '../support/fixtures.ts'

/**
 * The app page builds its client from JSON, which cannot carry the `userInfo` object: this wraps
 * `Lanyard.createAuthClient` as the bundle is defined, as a `<script>` user writes
 * `Lanyard.createAuthClient({ userInfo: Lanyard.userInfo, ... })`.
 */
async function withUserInfo(context: BrowserContext): Promise<void> {
  await context.addInitScript((origin) => {
    if (location.origin !== origin) return
    // (The `<script>` build also carries `userInfo`, which the package keeps at /userinfo.)
    type Bundle = typeof LanyardBundle & { userInfo: LanyardBundle.UserInfoSupport }
    let bundle: Bundle | undefined
    Object.defineProperty(window, 'Lanyard', {
      configurable: true,
      get: () => bundle,
      set(value: Bundle) {
        bundle = {
          ...value,
          createAuthClient: (options) => value.createAuthClient({ userInfo: value.userInfo, ...options }),
        }
      },
    })
  }, APP_ORIGIN)
}

const userinfoGets = (provider: TestProvider) =>
  provider.requestsTo(provider.metadata.userinfo_endpoint as string, 'GET').map((r) => [r.status, r.origin])

const getUserInfo = (page: Page) =>
  page.evaluate(() =>
    window.auth.getUserInfo().then(
      (claims) => ({ claims, error: null }),
      (error: { code?: string }) => ({ claims: null, error: error.code ?? String(error) }),
    ),
  )

test('getUserInfo: the UserInfo claims of the signed-in user, one GET with the access token', async ({
  context,
  page,
  provider,
}) => {
  await withUserInfo(context)
  await configureApp(context, { issuer: provider.issuer })
  await openApp(page)
  await loginWithRedirect(page, provider, { username: 'carol' })
  provider.clearRequests()
  const { claims, error } = await getUserInfo(page)
  expect(error).toBeNull()
  expect(claims).toMatchObject({ sub: 'carol', name: 'carol', email_verified: true })
  expect(userinfoGets(provider)).toEqual([[200, APP_ORIGIN]])
})

test('getUserInfo with DPoP-bound tokens: the proof goes along (the provider refuses them as Bearer)', async ({
  context,
  page,
  dpopProvider,
}) => {
  await withUserInfo(context)
  await configureApp(context, { issuer: dpopProvider.issuer, dpop: true })
  await openApp(page)
  await loginWithRedirect(page, dpopProvider)
  dpopProvider.clearRequests()
  const { claims, error } = await getUserInfo(page)
  expect(error).toBeNull()
  expect(claims).toMatchObject({ sub: 'alice' })
  expect(userinfoGets(dpopProvider).at(-1)).toEqual([200, APP_ORIGIN])
})
