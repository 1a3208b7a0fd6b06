// The authorization-code + PKCE flow against the dev provider with no SDK at all: the browser logs
// in on the provider's pages, then a page on the app origin exchanges the code and calls userinfo
// with fetch(). This pins down what the SDK relies on (redirect URIs, login pages, CORS on token
// and userinfo, including the preflight an Authorization header triggers).
import { APP_ORIGIN, CLIENT_ID } from '../support/env.ts'
import { expect, test } from '../support/fixtures.ts'
import { pkce } from '../support/pkce.ts'

test('code + PKCE: log in on the provider pages, exchange the code and call userinfo from the page', async ({
  browser,
  page,
  provider,
}) => {
  const { authorization_endpoint, token_endpoint, userinfo_endpoint } = provider.metadata
  expect(userinfo_endpoint).toBeTruthy()
  const { codeVerifier, codeChallenge, state, nonce } = pkce()
  const redirectUri = `${APP_ORIGIN}/callback.html`

  const authorize = new URL(authorization_endpoint)
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    state,
    nonce,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  }).toString()

  // Scripts off in the login context: whatever e2e/pages/callback.html does (the SDK's callback
  // handling, some day) must not consume this code first. The provider's pages are plain forms.
  const loginContext = await browser.newContext({ javaScriptEnabled: false })
  try {
    const loginPage = await loginContext.newPage()
    const callback = await provider.signIn(loginPage, {
      username: 'e2e-alice',
      start: () => loginPage.goto(authorize.href),
    })
    if (!callback) throw new Error('the login window closed')
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri)
    expect(callback.searchParams.get('error')).toBeNull()
    expect(callback.searchParams.get('state')).toBe(state)
    expect(callback.searchParams.get('iss')).toBe(provider.issuer)
    const code = callback.searchParams.get('code')
    expect(code).toBeTruthy()

    await page.goto('/smoke.html')
    const exchange = (args: { tokenEndpoint: string; body: Record<string, string> }) =>
      page.evaluate(async ({ tokenEndpoint, body }) => {
        const response = await fetch(tokenEndpoint, { method: 'POST', body: new URLSearchParams(body) })
        return { status: response.status, body: (await response.json()) as Record<string, unknown> }
      }, args)
    const grant = {
      grant_type: 'authorization_code',
      code: code ?? '',
      client_id: CLIENT_ID,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    }

    const tokens = await exchange({ tokenEndpoint: token_endpoint, body: grant })
    expect(tokens.status).toBe(200)
    expect(tokens.body).toMatchObject({
      token_type: 'Bearer',
      access_token: expect.any(String),
      id_token: expect.any(String),
    })

    const userinfo = await page.evaluate(
      async ({ url, token }) => {
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
        return { status: response.status, body: (await response.json()) as Record<string, unknown> }
      },
      { url: userinfo_endpoint ?? '', token: String(tokens.body.access_token) },
    )
    expect(userinfo).toMatchObject({ status: 200, body: { sub: 'e2e-alice' } })

    // A code is single use: the replay is refused, readably.
    const replay = await exchange({ tokenEndpoint: token_endpoint, body: grant })
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } })

    const posts = provider.requestsTo(token_endpoint, 'POST')
    expect(posts.map((r) => r.status)).toEqual([200, 400])
  } finally {
    await loginContext.close()
  }
})
