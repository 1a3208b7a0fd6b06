// Smoke: the browser, the dev provider and the static pages talk to each other, and CORS is real.
// Everything below runs fetch() *inside the page*, on an origin other than the provider's, exactly
// as the SDK will; nothing is intercepted.
import { APP_ORIGIN, CLIENT_ID, OTHER_ORIGIN } from '../support/env.ts'
import { expect, test, type TestProvider } from '../support/fixtures.ts'

interface TokenAttempt {
  tokenEndpoint: string
  clientId: string
  redirectUri: string
}

/** In the page: a bogus authorization-code grant; returns what the page could read. */
async function bogusCodeGrant({ tokenEndpoint, clientId, redirectUri }: TokenAttempt) {
  try {
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'nope',
        client_id: clientId,
        redirect_uri: redirectUri,
        code_verifier: 'nope-nope-nope-nope-nope-nope-nope-nope-nope-nope',
      }),
    })
    return {
      read: true as const,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: (await response.json()) as { error?: string; error_description?: string },
    }
  } catch (error) {
    return {
      read: false as const,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    }
  }
}

const discoveryUrl = (provider: TestProvider) => `${provider.baseUrl}/.well-known/openid-configuration`

/** In the page: GET a URL and read its JSON. */
async function readJson(url: string) {
  const response = await fetch(url)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

test('a page on the app origin reads discovery and an OAuth error from the token endpoint', async ({
  page,
  provider,
}) => {
  await page.goto('/smoke.html')
  expect(new URL(page.url()).origin).toBe(APP_ORIGIN)

  const discovery = await page.evaluate(readJson, discoveryUrl(provider))
  expect(discovery.status).toBe(200)
  expect(discovery.body.issuer).toBe(provider.issuer)
  expect(discovery.body.token_endpoint).toEqual(expect.stringMatching(new RegExp(`^${provider.issuer}/`)))
  const tokenEndpoint = String(discovery.body.token_endpoint)
  expect(tokenEndpoint).toBe(provider.metadata.token_endpoint)

  // The browser's view of the response headers (CDP), which page JS cannot read for CORS headers.
  const [tokenResponse, attempt] = await Promise.all([
    page.waitForResponse((r) => r.url() === tokenEndpoint && r.request().method() === 'POST'),
    page.evaluate(bogusCodeGrant, {
      tokenEndpoint,
      clientId: CLIENT_ID,
      redirectUri: `${APP_ORIGIN}/callback.html`,
    }),
  ])

  expect(attempt, 'the page must be able to read the token error (CORS)').toMatchObject({ read: true })
  if (!attempt.read) return
  expect(attempt.status).toBe(400)
  expect(attempt.contentType).toMatch(/^application\/json/)
  expect(attempt.body.error).toBe('invalid_grant')
  expect(tokenResponse.headers()['access-control-allow-origin']).toBe(APP_ORIGIN)

  // The server's side: exactly one token request, answered 400.
  const posts = provider.requestsTo(tokenEndpoint, 'POST')
  expect(posts.map((r) => r.status)).toEqual([400])
})

test('a page on an origin the client does not allow cannot read the token endpoint', async ({
  page,
  provider,
}) => {
  await page.goto(`${OTHER_ORIGIN}/smoke.html`)
  expect(new URL(page.url()).origin).toBe(OTHER_ORIGIN)

  // Discovery is public (`Access-Control-Allow-Origin: *`), so this origin still reads it…
  const discovery = await page.evaluate(readJson, discoveryUrl(provider))
  expect(discovery.body.issuer).toBe(provider.issuer)
  const tokenEndpoint = String(discovery.body.token_endpoint)

  // …but the token endpoint answers without CORS headers for it: fetch() rejects.
  const attempt = await page.evaluate(bogusCodeGrant, {
    tokenEndpoint,
    clientId: CLIENT_ID,
    redirectUri: `${APP_ORIGIN}/callback.html`,
  })
  expect(attempt).toEqual({ read: false, error: expect.stringMatching(/^TypeError: /) })

  // It was CORS, not a dead server: the request did arrive, and was refused.
  const posts = provider.requestsTo(tokenEndpoint, 'POST')
  expect(posts).toHaveLength(1)
  expect(posts[0]?.status).toBeGreaterThanOrEqual(400)

  // And from the server's side, the header is absent for this origin while present for the app's.
  const probe = (origin: string) =>
    fetch(tokenEndpoint, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=authorization_code&code=nope&client_id=${CLIENT_ID}`,
    })
  expect((await probe(OTHER_ORIGIN)).headers.get('access-control-allow-origin')).toBeNull()
  expect((await probe(APP_ORIGIN)).headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
})
