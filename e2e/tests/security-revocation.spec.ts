// Security: a revocation endpoint that refuses the logout's revocation (401) is reported through
// `onWarning`, not swallowed; the local session ends all the same. The refusal is played by a route
// on the revocation endpoint (support/security.ts): the dev provider accepts this client.
import { expectView, signedIn } from '../support/app.ts'
import { expect, test } from '../support/fixtures.ts'
import { logoutOutcome, refuseRevocation } from '../support/security.ts'

test('revocation refused with 401: logout reports it through onWarning and still ends the session', async ({
  context,
  page,
  provider,
}) => {
  await signedIn(context, page, provider)
  const refused = await refuseRevocation(context, provider)
  expect(await page.evaluate(() => window.e2eWarnings)).toEqual([])

  expect(await logoutOutcome(page, { federated: false })).toEqual({ ok: true })
  expect(refused).toHaveLength(1)
  expect(await page.evaluate(() => window.e2eWarnings)).toEqual(['AUTH_TOKEN_REQUEST_FAILED'])
  await expectView(page, { status: 'unauthenticated' })
  await page.reload()
  await expectView(page, { status: 'unauthenticated' })
})

test('revocation refused with 401 on a federated logout: the warning is raised before the page leaves for the provider', async ({
  context,
  page,
  provider,
}) => {
  await signedIn(context, page, provider)
  const refused = await refuseRevocation(context, provider)
  // The page is gone once it leaves for the provider: its console is the witness.
  const warnings: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith('[lanyard]')) warnings.push(message.text())
  })
  const endSession = provider.metadata.end_session_endpoint as string
  await Promise.all([
    page.waitForRequest((r) => r.url().startsWith(endSession) && r.isNavigationRequest()),
    page.locator('#logout').click(),
  ])
  expect(refused).toHaveLength(1)
  expect(warnings).toHaveLength(1)
  expect(warnings[0]).toMatch(/revo/i)
})
