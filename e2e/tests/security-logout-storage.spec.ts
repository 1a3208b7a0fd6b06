// Security: a logout under IndexedDB faults never reports success while a reload would still be
// signed in, and revokes the refresh token at the provider whatever the disk does. IndexedDB fails
// when the test flips a switch in the page (support/security.ts), in real Chromium.
import type { Page } from '@playwright/test'
import {
  configureApp,
  expectView,
  loginWithRedirect,
  nextTokenResponse,
  openApp,
  type TokenResponse,
} from '../support/app.ts'
import { APP_ORIGIN } from '../support/env.ts'
import { expect, test, type TestProvider } from '../support/fixtures.ts'
import { timedGetAccessToken, tokenRecords } from '../support/hardening.ts'
import {
  logoutOutcome,
  refreshGrant,
  setIndexedDbFault,
  switchableIndexedDbFault,
} from '../support/security.ts'

async function signIn(page: Page, provider: TestProvider): Promise<TokenResponse> {
  await openApp(page)
  const login = nextTokenResponse(page, provider.metadata.token_endpoint)
  await loginWithRedirect(page, provider)
  return login
}

/** The statuses of the revocation requests the provider received (from the app's origin). */
function revocations(provider: TestProvider): [number, string | null][] {
  return provider
    .requestsTo(provider.metadata.revocation_endpoint as string, 'POST')
    .map((entry) => [entry.status, entry.origin])
}

test.beforeEach(async ({ context, provider }) => {
  await switchableIndexedDbFault(context)
  await configureApp(context, { issuer: provider.issuer })
})

test('a tab that fell back to memory (a rotated token it could not write): logout revokes that token and ends the session on disk', async ({
  page,
  provider,
}) => {
  await signIn(page, provider)
  // IndexedDB refuses writes while the tab refreshes: the rotated tokens live in its memory only,
  // and the tab works from memory from now on.
  await setIndexedDbFault(page, 'writes')
  const rotation = nextTokenResponse(page, provider.metadata.token_endpoint)
  expect((await timedGetAccessToken(page, { cacheMode: 'off' })).token).toEqual(expect.any(String))
  const rotated = (await rotation).refresh_token as string
  expect(rotated).toEqual(expect.any(String))
  expect(await page.evaluate(() => window.e2eWarnings)).toContain('AUTH_STORAGE_UNAVAILABLE')
  // The fault clears (the disk works again) before the user logs out.
  await setIndexedDbFault(page, 'off')
  provider.clearRequests()

  expect(await logoutOutcome(page, { federated: false })).toEqual({ ok: true })
  await expectView(page, { status: 'unauthenticated' })
  // The token this tab held was revoked: the provider no longer accepts it.
  expect(revocations(provider)).toEqual([[200, APP_ORIGIN]])
  expect(await refreshGrant(provider, rotated)).toEqual({ status: 400, error: 'invalid_grant' })
  // And the disk forgot the session: a reload is signed out, no token record is left.
  await page.reload()
  await expectView(page, { status: 'unauthenticated' })
  expect(await tokenRecords(page)).toEqual([])
})

test('IndexedDB failing through the whole logout: revoked at the provider; rejects with AUTH_STORAGE_UNAVAILABLE unless a reload is signed out', async ({
  page,
  provider,
}, testInfo) => {
  const { refresh_token: refreshToken } = await signIn(page, provider)
  expect(refreshToken).toEqual(expect.any(String))
  await setIndexedDbFault(page, 'all')
  provider.clearRequests()

  const outcome = await logoutOutcome(page, { federated: false })
  testInfo.annotations.push({ type: 'observed', description: JSON.stringify(outcome) })
  // Revoked whatever the disk does: even if a reload finds the tokens, they are dead.
  expect(revocations(provider)).toEqual([[200, APP_ORIGIN]])
  expect(await refreshGrant(provider, refreshToken as string)).toEqual({
    status: 400,
    error: 'invalid_grant',
  })
  await expectView(page, { status: 'unauthenticated' })
  if (outcome.ok) {
    // Success means the session is gone from the disk: a reload (the fault gone) is signed out.
    await page.reload()
    await expectView(page, { status: 'unauthenticated' })
    expect(await tokenRecords(page)).toEqual([])
  } else {
    // Otherwise the app must be told, with the storage code (and no token in the message).
    expect(outcome.code).toBe('AUTH_STORAGE_UNAVAILABLE')
    expect(outcome.message).not.toContain(refreshToken as string)
  }
})
