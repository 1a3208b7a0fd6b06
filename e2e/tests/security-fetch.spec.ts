// Security: `auth.fetch` sends a token only where `resources` allow (the e2e app allows the dev
// provider's `/api`): any other URL rejects with AUTH_RESOURCE_NOT_ALLOWED and nothing at all is
// sent, as the browser's network events and the provider's request log show; an allowed URL gets
// the access token.
import type { Page } from '@playwright/test'
import { getAccessToken, signedIn, tokenPosts } from '../support/app.ts'
import { APP_ORIGIN, OTHER_ORIGIN } from '../support/env.ts'
import { expect, test } from '../support/fixtures.ts'
import { PLAIN_HTTP_HOST } from '../support/security.ts'

/** In the page: `auth.fetch(url)` as `{ status, body }` or `{ error: code }`. */
function authFetch(page: Page, url: string): Promise<{ status?: number; body?: string; error?: string }> {
  return page.evaluate(
    (url) =>
      window.auth.fetch(url).then(
        async (response) => ({ status: response.status, body: await response.text() }),
        (error: { code?: string; name?: string }) => ({ error: error?.code ?? error?.name ?? String(error) }),
      ),
    url,
  )
}

test('auth.fetch to a URL no resources entry allows: AUTH_RESOURCE_NOT_ALLOWED, nothing sent', async ({
  context,
  page,
  provider,
}) => {
  await signedIn(context, page, provider)
  provider.clearRequests()
  const sent: string[] = []
  context.on('request', (request) => sent.push(request.url()))

  const denied = [
    // The allowed API's origin, a path that only starts with the same letters.
    `${provider.baseUrl}/apiary/me`,
    // Another path of the provider.
    `${provider.baseUrl}/me`,
    // Another origin on loopback, and the app's own (not in the app's resources).
    `${OTHER_ORIGIN}/smoke.html`,
    `${APP_ORIGIN}/smoke.html`,
    // Plain http on a host that is not loopback.
    `http://${PLAIN_HTTP_HOST}/api/me`,
  ]
  for (const url of denied) {
    expect(await authFetch(page, url), url).toEqual({ error: 'AUTH_RESOURCE_NOT_ALLOWED' })
  }
  // Nothing left the page: no request in the browser, none at the provider, no refresh either.
  const reached = sent.filter((url) => denied.some((target) => url.startsWith(target)))
  expect(reached).toEqual([])
  expect(provider.requestsTo('/apiary/me')).toEqual([])
  expect(provider.requestsTo('/me')).toEqual([])
  expect(tokenPosts(provider)).toEqual([])
})

test('auth.fetch to an allowed URL sends the access token', async ({ context, page, provider }) => {
  await signedIn(context, page, provider)
  const { token } = await getAccessToken(page)
  expect(token).toEqual(expect.any(String))
  provider.clearRequests()
  const api = `${provider.baseUrl}/api/me`

  const [request, result] = await Promise.all([
    page.waitForRequest((r) => r.url() === api && r.method() === 'GET'),
    authFetch(page, api),
  ])
  expect(await request.headerValue('authorization')).toBe(`Bearer ${token}`)
  expect(result.status).toBe(200)
  expect(JSON.parse(result.body as string)).toMatchObject({ sub: 'alice' })
  // (A CORS preflight comes first: the request carries an Authorization header.)
  expect(provider.requestsTo(api, 'GET').map((entry) => [entry.status, entry.origin])).toEqual([
    [200, APP_ORIGIN],
  ])
})
