// Security: provider metadata is untrusted input. An authorization or end-session endpoint that is
// a `javascript:` URL, or plain http on a host that is not loopback, is refused with
// AUTH_DISCOVERY_FAILED naming the field, before any navigation: no script runs in the app or in a
// login popup (which could reach `window.opener`), nothing is sent to the insecure host. The
// metadata is the dev provider's own with one field replaced (support/security.ts).
import type { Page } from '@playwright/test'
import { APP_PAGE, configureApp, expectView, openApp, signedIn } from '../support/app.ts'
import { expect, test } from '../support/fixtures.ts'
import {
  PLAIN_HTTP_HOST,
  SCRIPT_URL,
  forgetStoredMetadata,
  logoutOutcome,
  tamperDiscovery,
  type Outcome,
} from '../support/security.ts'

const hostile = [
  { kind: 'a javascript: URL', url: SCRIPT_URL },
  { kind: 'plain http on a non-loopback host', url: `http://${PLAIN_HTTP_HOST}/endpoint` },
]

/** Main-frame navigations of `page` and requests to the insecure host, from now on. */
function watch(page: Page) {
  const navigations: string[] = []
  const insecure: string[] = []
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url())
  })
  page.context().on('request', (request) => {
    if (new URL(request.url()).hostname === PLAIN_HTTP_HOST) insecure.push(request.url())
  })
  return { navigations, insecure }
}

/** No script from the metadata ran in `page`. */
async function expectNotPwned(page: Page) {
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined()
}

for (const { kind, url } of hostile) {
  test(`authorization_endpoint is ${kind}: loginWithRedirect rejects with AUTH_DISCOVERY_FAILED naming it, no navigation`, async ({
    context,
    page,
    provider,
  }) => {
    await configureApp(context, { issuer: provider.issuer })
    await tamperDiscovery(context, provider, { authorization_endpoint: url })
    await openApp(page)
    const seen = watch(page)

    const outcome = await page.evaluate(() =>
      window.auth.loginWithRedirect().then(
        (): Outcome => ({ ok: true }),
        (error: { code?: string; message?: string }): Outcome => ({
          ok: false,
          code: error?.code ?? String(error),
          message: error?.message ?? '',
        }),
      ),
    )
    expect(outcome).toEqual({ ok: false, code: 'AUTH_DISCOVERY_FAILED', message: expect.any(String) })
    expect((outcome as { message: string }).message).toContain('authorization_endpoint')
    // Had a navigation begun, the page would be gone or its URL changed by now.
    await expectNotPwned(page)
    expect(page.url()).toBe(APP_PAGE)
    expect(seen.navigations).toEqual([])
    expect(seen.insecure).toEqual([])
    expect(provider.requestsTo(provider.metadata.token_endpoint)).toEqual([])
    await expectView(page, { status: 'unauthenticated' })
  })

  test(`authorization_endpoint is ${kind}: loginWithPopup rejects with AUTH_DISCOVERY_FAILED, nothing runs in the popup or its opener`, async ({
    context,
    page,
    provider,
  }) => {
    await configureApp(context, { issuer: provider.issuer })
    await tamperDiscovery(context, provider, { authorization_endpoint: url })
    await openApp(page)
    const seen = watch(page)

    // The popup opens on the click (about:blank, same origin as the app), before discovery.
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#popup').click()])
    await expect(page.locator('#popup-error')).toHaveText('AUTH_DISCOVERY_FAILED')
    await expectNotPwned(page)
    if (!popup.isClosed()) {
      expect(popup.url()).toBe('about:blank')
      expect(await popup.evaluate(() => window.__pwned)).toBeUndefined()
    }
    expect(seen.navigations).toEqual([])
    expect(seen.insecure).toEqual([])
    expect(page.url()).toBe(APP_PAGE)
  })

  test(`end_session_endpoint is ${kind}: logout rejects with AUTH_DISCOVERY_FAILED naming it, no navigation, signed out locally`, async ({
    context,
    page,
    provider,
  }) => {
    await signedIn(context, page, provider)
    // The metadata turns hostile; the reloaded page, without the stored document, discovers it
    // again on logout.
    await tamperDiscovery(context, provider, { end_session_endpoint: url })
    await forgetStoredMetadata(page)
    await page.reload()
    await expectView(page, { status: 'authenticated', sub: 'alice' })
    const seen = watch(page)

    const outcome = await logoutOutcome(page)
    expect(outcome).toEqual({ ok: false, code: 'AUTH_DISCOVERY_FAILED', message: expect.any(String) })
    expect((outcome as { message: string }).message).toContain('end_session_endpoint')
    await expectNotPwned(page)
    expect(page.url()).toBe(APP_PAGE)
    expect(seen.navigations).toEqual([])
    expect(seen.insecure).toEqual([])
    expect(provider.requestsTo(provider.metadata.end_session_endpoint as string)).toEqual([])
    // The local session ended all the same, on disk too.
    await expectView(page, { status: 'unauthenticated' })
    await page.reload()
    await expectView(page, { status: 'unauthenticated' })
  })
}
