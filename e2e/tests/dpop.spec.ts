// @lanyard/browser with DPoP (RFC 9449), through the IIFE build (`createAuthClient({ dpop: true })`),
// against a dev provider that binds every access token to a key and demands server nonces at the
// token endpoint and at /api/me (`dpopProvider`, 5-second access tokens). The SDK keeps one
// non-extractable ES256 key per origin in IndexedDB; proofs go to the token endpoint and /api/me.
import type { Page } from '@playwright/test'
import {
  APP_PAGE,
  configureApp,
  expireAccessToken,
  expectView,
  getAccessToken,
  loginWithRedirect,
  openApp,
} from '../support/app.ts'
import { CLIENT_ID } from '../support/env.ts'
import {
  apiMeUrl,
  callApi,
  callApiWithAnotherKey,
  decodeProof,
  jwkThumbprint,
  nextAuthorizationUrl,
  readStoredDpopKey,
  recordTokenExchanges,
  refusal,
  type ApiCall,
  type TokenExchange,
} from '../support/dpop.ts'
import { expect, test, type TestProvider } from '../support/fixtures.ts'

// A 5-second token counts as expired 1 s before its end: fresh for 4 s after it was issued.
const LEEWAY = 1

test.beforeEach(async ({ context, dpopProvider }) => {
  // Tokens expire when the test moves the browser's clock (expireAccessToken), not in real time.
  await context.clock.install()
  await configureApp(context, { issuer: dpopProvider.issuer, dpop: true, refreshLeewaySeconds: LEEWAY })
})

/** The thumbprint of the key that signed `proof`, after checking it is a DPoP proof for `htm` `htu`. */
function proofKey(proof: string | undefined, htm: string, htu: string): string {
  expect(proof, 'a DPoP header').toEqual(expect.any(String))
  const { header, payload } = decodeProof(proof as string)
  expect(header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256' } })
  expect(header['jwk'], 'no private key material in the proof').not.toHaveProperty('d')
  expect(payload).toMatchObject({ htm, htu, jti: expect.any(String), iat: expect.any(Number) })
  expect(payload['nonce'], 'the proof carries the server nonce').toEqual(expect.any(String))
  return jwkThumbprint(header['jwk'] as JsonWebKey)
}

/** The key behind a call to /api/me: `Authorization: DPoP` plus a proof with `ath`. */
function apiCallKey(call: ApiCall, provider: TestProvider): string {
  expect(call.authorization).toMatch(/^DPoP [\w.~+/-]+=*$/)
  expect(decodeProof(call.proof ?? '').payload['ath'], 'the proof is bound to the token (ath)').toEqual(
    expect.any(String),
  )
  return proofKey(call.proof, 'GET', apiMeUrl(provider))
}

/** A successful token response of DPoP mode: `token_type: DPoP`, asked for with a proof by `jkt`. */
function expectDpopToken(exchange: TokenExchange | undefined, tokenEndpoint: string, jkt: string) {
  expect(exchange?.status).toBe(200)
  expect(exchange?.body['token_type']).toBe('DPoP')
  expect(proofKey(exchange?.proof, 'POST', tokenEndpoint)).toBe(jkt)
}

/** Every non-200 is the nonce challenge (`use_dpop_nonce`), never a real refusal like `invalid_grant`. */
function expectOnlyNonceChallenges(exchanges: TokenExchange[]) {
  for (const exchange of exchanges.filter((e) => e.status !== 200)) {
    expect(exchange.status).toBe(400)
    expect(exchange.body['error']).toBe('use_dpop_nonce')
  }
}

/** Logs in by redirect at the DPoP provider; resolves with the `dpop_jkt` the authorize URL carried. */
async function dpopLogin(page: Page, provider: TestProvider): Promise<string> {
  const authorize = nextAuthorizationUrl(page.context(), provider.metadata.authorization_endpoint)
  await loginWithRedirect(page, provider)
  const jkt = (await authorize).searchParams.get('dpop_jkt')
  expect(jkt, 'dpop_jkt on the authorization request').toMatch(/^[\w-]{43}$/)
  return jkt as string
}

test('redirect login: dpop_jkt on authorize, use_dpop_nonce then a DPoP token; /api/me answers 200 with cnf.jkt', async ({
  context,
  page,
  dpopProvider,
}) => {
  const { token_endpoint } = dpopProvider.metadata
  const exchanges = recordTokenExchanges(context, token_endpoint)
  await openApp(page)
  const jkt = await dpopLogin(page, dpopProvider)

  // The authorization request named the stored key.
  const key = await readStoredDpopKey(page)
  expect(key, 'a DPoP key in IndexedDB').not.toBeNull()
  expect(jwkThumbprint(key!.publicJwk)).toBe(jkt)

  // The code exchange: refused once for a nonce, then a DPoP-bound token, both with proofs by that key.
  expect(dpopProvider.requestsTo(token_endpoint, 'POST').map((r) => r.status)).toEqual([400, 200])
  const seen = await exchanges.settled()
  expect(seen.map((e) => [e.status, e.body['error']])).toEqual([
    [400, 'use_dpop_nonce'],
    [200, undefined],
  ])
  expect(seen[0]?.proof, 'the first attempt had a proof too').toEqual(expect.any(String))
  expect(jwkThumbprint(decodeProof(seen[0]!.proof!).header['jwk'] as JsonWebKey)).toBe(jkt)
  expectDpopToken(seen[1], token_endpoint, jkt)

  // auth.fetch: `Authorization: DPoP <token>` and a proof by the same key; /api/me names the key.
  dpopProvider.clearRequests()
  const { shown, sent } = await callApi(page, dpopProvider)
  expect(shown.status).toBe(200)
  expect(shown.body).toMatchObject({ sub: 'alice', client_id: CLIENT_ID, cnf: { jkt } })
  expect(apiCallKey(sent, dpopProvider)).toBe(jkt)
  expect(sent.authorization).toBe(`DPoP ${seen[1]?.body['access_token']}`)
  expect(dpopProvider.requestsTo(apiMeUrl(dpopProvider), 'GET').map((r) => r.status)).toEqual([200])
})

test('popup login: dpop_jkt on authorize, nonce retry, DPoP token; /api/me answers 200 with cnf.jkt', async ({
  context,
  page,
  dpopProvider,
}) => {
  const { authorization_endpoint, token_endpoint } = dpopProvider.metadata
  const exchanges = recordTokenExchanges(context, token_endpoint)
  await openApp(page)
  const authorize = nextAuthorizationUrl(context, authorization_endpoint)
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#popup').click()])
  const closed = popup.waitForEvent('close')
  await dpopProvider.signIn(popup)
  if (!popup.isClosed()) await closed
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  await expect(page.locator('#popup-result')).toHaveText('alice')
  expect(page.url(), 'the opener never navigated').toBe(APP_PAGE)

  const jkt = (await authorize).searchParams.get('dpop_jkt')
  expect(jkt, 'dpop_jkt on the authorization request').toMatch(/^[\w-]{43}$/)
  expect(jwkThumbprint((await readStoredDpopKey(page))!.publicJwk)).toBe(jkt)
  expect(dpopProvider.requestsTo(token_endpoint, 'POST').map((r) => r.status)).toEqual([400, 200])
  const seen = await exchanges.settled()
  expectOnlyNonceChallenges(seen)
  expect(seen.map((e) => e.status)).toEqual([400, 200])
  expectDpopToken(seen[1], token_endpoint, jkt as string)

  const { shown, sent } = await callApi(page, dpopProvider)
  expect(shown.status).toBe(200)
  expect(shown.body).toMatchObject({ sub: 'alice', cnf: { jkt } })
  expect(apiCallKey(sent, dpopProvider)).toBe(jkt)
})

test('the DPoP key is non-extractable and survives a reload; after it, /api/me nonce retry and 200', async ({
  page,
  dpopProvider,
}) => {
  const { token_endpoint } = dpopProvider.metadata
  await openApp(page)
  const jkt = await dpopLogin(page, dpopProvider)

  const key = await readStoredDpopKey(page)
  expect(key).toMatchObject({
    isKeyPair: true,
    privateKey: {
      type: 'private',
      extractable: false,
      algorithm: 'ECDSA',
      namedCurve: 'P-256',
      usages: ['sign'],
    },
    pkcs8Export: 'InvalidAccessError',
    jwkExport: 'InvalidAccessError',
  })
  expect(jwkThumbprint(key!.publicJwk)).toBe(jkt)

  // A reload: signed in from the cache (no token request), same key, still unexportable.
  dpopProvider.clearRequests()
  expect(await openApp(page)).toEqual({ status: 'authenticated', sub: 'alice', error: null })
  expect(dpopProvider.requestsTo(token_endpoint)).toEqual([])
  expect(await readStoredDpopKey(page)).toEqual(key)

  // The reloaded page has no nonce yet: /api/me asks for one (unless a refresh fetched it first).
  const { shown, calls, sent } = await callApi(page, dpopProvider)
  expect(shown.status).toBe(200)
  expect(shown.body).toMatchObject({ sub: 'alice', cnf: { jkt } })
  expect(apiCallKey(sent, dpopProvider)).toBe(jkt)
  const refreshed = dpopProvider.requestsTo(token_endpoint, 'POST').length > 0
  expect(calls.map((c) => [c.status, c.error])).toEqual(
    refreshed
      ? [[200, undefined]]
      : [
          [401, 'use_dpop_nonce'],
          [200, undefined],
        ],
  )
})

test('/api/me refuses the access token as Bearer, with a proof by another key, and with a replayed proof', async ({
  page,
  dpopProvider,
}) => {
  await openApp(page)
  const jkt = await dpopLogin(page, dpopProvider)
  // A brand-new token (it lives 5 s), so that none of the refusals below can be for expiry.
  await page.evaluate(() => window.auth.getAccessToken({ cacheMode: 'off' }))
  const { shown, sent } = await callApi(page, dpopProvider)
  expect(shown.status).toBe(200)
  expect(apiCallKey(sent, dpopProvider)).toBe(jkt)
  const accessToken = (sent.authorization as string).slice('DPoP '.length)

  // Right away (the token lives 5 s): each refusal must be for its own reason, not expiry.
  // 1. The exact request the page sent, replayed: same token, same proof (same jti).
  const replay = await refusal(
    await fetch(apiMeUrl(dpopProvider), {
      headers: { authorization: sent.authorization as string, dpop: sent.proof as string },
    }),
  )
  expect(replay).toMatchObject({
    status: 401,
    error: 'invalid_dpop_proof',
    description: expect.stringMatching(/replay/i),
  })
  expect(replay.challenge).toMatch(/^DPoP error="invalid_dpop_proof"/)

  // 2. The token as a plain Bearer token.
  const bearer = await refusal(
    await fetch(apiMeUrl(dpopProvider), { headers: { authorization: `Bearer ${accessToken}` } }),
  )
  expect(bearer).toMatchObject({
    status: 401,
    error: 'invalid_token',
    description: 'a DPoP-bound access token presented as Bearer',
  })
  expect(bearer.challenge).toMatch(/^DPoP error="invalid_token"/)

  // 3. A valid proof (oauth4webapi, with the server's nonce) signed by a fresh key of the test's own.
  const other = await refusal(await callApiWithAnotherKey(dpopProvider, accessToken))
  expect(other).toMatchObject({
    status: 401,
    error: 'invalid_token',
    description: 'the DPoP proof key is not the one the access token is bound to',
  })

  // The page, with its own key and a fresh proof, is still served.
  const again = await callApi(page, dpopProvider)
  expect(again.shown.status).toBe(200)
  expect(again.shown.body).toMatchObject({ sub: 'alice', cnf: { jkt } })
  expect(again.sent.proof).not.toBe(sent.proof)
})

test('refresh in DPoP mode: nonce retry at the token endpoint, a new DPoP token; auth.fetch refreshes an expired one', async ({
  context,
  page,
  dpopProvider,
}) => {
  const { token_endpoint } = dpopProvider.metadata
  const exchanges = recordTokenExchanges(context, token_endpoint)
  await openApp(page)
  const jkt = await dpopLogin(page, dpopProvider)
  const first = (await exchanges.settled()).find((e) => e.status === 200)?.body['access_token']
  expect(first).toEqual(expect.any(String))

  // A reloaded page (no server nonce known yet) refreshes an expired token: challenge, then success.
  expect(await openApp(page)).toEqual({ status: 'authenticated', sub: 'alice', error: null })
  await expireAccessToken(page, LEEWAY)
  dpopProvider.clearRequests()
  exchanges.clear()
  const refreshed = await getAccessToken(page)
  expect(refreshed.error).toBeUndefined()
  expect(refreshed.token).not.toBe(first)
  expect(dpopProvider.requestsTo(token_endpoint, 'POST').map((r) => r.status)).toEqual([400, 200])
  const seen = await exchanges.settled()
  expect(seen.map((e) => [e.status, e.body['error']])).toEqual([
    [400, 'use_dpop_nonce'],
    [200, undefined],
  ])
  expectDpopToken(seen[1], token_endpoint, jkt)
  expect(seen[1]?.body['access_token']).toBe(refreshed.token)
  expect(await getAccessToken(page), 'the new token is cached').toEqual(refreshed)

  const { shown, sent } = await callApi(page, dpopProvider)
  expect(shown.status).toBe(200)
  expect(shown.body).toMatchObject({ sub: 'alice', cnf: { jkt } })
  expect(sent.authorization).toBe(`DPoP ${refreshed.token}`)

  // auth.fetch with an expired token: one refresh (the page knows the nonce now), then 200.
  await expireAccessToken(page, LEEWAY)
  dpopProvider.clearRequests()
  exchanges.clear()
  const later = await callApi(page, dpopProvider)
  expect(later.shown.status).toBe(200)
  expect(later.shown.body).toMatchObject({ sub: 'alice', cnf: { jkt } })
  const again = await exchanges.settled()
  expectOnlyNonceChallenges(again)
  expect(again.filter((e) => e.status === 200)).toHaveLength(1)
  expectDpopToken(again.at(-1), token_endpoint, jkt)
  expect(later.sent.authorization).toBe(`DPoP ${again.at(-1)?.body['access_token']}`)
  expect(later.sent.authorization).not.toBe(sent.authorization)
  await expectView(page, { status: 'authenticated', sub: 'alice' })
})

test('logout deletes the DPoP key; the next login binds a new one', async ({ page, dpopProvider }) => {
  const { revocation_endpoint } = dpopProvider.metadata
  await openApp(page)
  const firstJkt = await dpopLogin(page, dpopProvider)
  expect(jwkThumbprint((await readStoredDpopKey(page))!.publicJwk)).toBe(firstJkt)

  dpopProvider.clearRequests()
  // The page is on APP_PAGE: the next main-frame navigation to it is the return from the provider.
  const backOnApp = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame() && frame.url() === APP_PAGE,
  })
  await page.locator('#logout').click()
  await backOnApp
  await expectView(page, { status: 'unauthenticated' })
  await expect(page.locator('#logout-error')).toHaveText('')
  expect(await readStoredDpopKey(page), 'no DPoP key left in IndexedDB').toBeNull()
  // The refresh token was revoked (with a proof by the key, before it was deleted).
  const revocations = dpopProvider.requestsTo(revocation_endpoint as string, 'POST')
  expect(revocations.map((r) => r.status)).toEqual([200])

  const secondJkt = await dpopLogin(page, dpopProvider)
  expect(secondJkt).not.toBe(firstJkt)
  expect(jwkThumbprint((await readStoredDpopKey(page))!.publicJwk)).toBe(secondJkt)
  const { shown } = await callApi(page, dpopProvider)
  expect(shown.status).toBe(200)
  expect(shown.body).toMatchObject({ sub: 'alice', cnf: { jkt: secondJkt } })
})

test('two tabs share one key; 2 tabs × 20 concurrent getAccessToken() after expiry refresh once', async ({
  context,
  page,
  dpopProvider,
}) => {
  const { token_endpoint } = dpopProvider.metadata
  const exchanges = recordTokenExchanges(context, token_endpoint)
  await openApp(page)
  const jkt = await dpopLogin(page, dpopProvider)
  const other = await context.newPage()
  expect(await openApp(other)).toEqual({ status: 'authenticated', sub: 'alice', error: null })
  const tabs = [page, other]

  // One key in storage, and both tabs sign their proofs with it.
  const [keyA, keyB] = await Promise.all(tabs.map((tab) => readStoredDpopKey(tab)))
  expect(keyA?.publicJwk).toEqual(keyB?.publicJwk)
  expect(jwkThumbprint(keyA!.publicJwk)).toBe(jkt)
  for (const tab of tabs) {
    const { shown, sent } = await callApi(tab, dpopProvider)
    expect(shown.status).toBe(200)
    expect(shown.body).toMatchObject({ sub: 'alice', cnf: { jkt } })
    expect(apiCallKey(sent, dpopProvider)).toBe(jkt)
  }

  for (const tab of tabs) await expireAccessToken(tab, LEEWAY)
  const before = await page.evaluate(() => window.auth.getSnapshot().expiresAt)
  dpopProvider.clearRequests()
  exchanges.clear()
  const results = await Promise.all(
    tabs.map((tab) =>
      tab.evaluate(() =>
        Promise.allSettled(Array.from({ length: 20 }, () => window.auth.getAccessToken())).then((settled) =>
          settled.map((s) =>
            s.status === 'fulfilled' ? s.value : `error:${(s.reason as { code?: string })?.code ?? s.reason}`,
          ),
        ),
      ),
    ),
  )
  const all = results.flat()
  expect(all).toHaveLength(40)
  expect(all.filter((r) => r.startsWith('error:'))).toEqual([])
  expect(new Set(all).size, 'one token for everyone').toBe(1)

  // One refresh: a single 200 (at most one nonce challenge before it), never invalid_grant.
  const posts = dpopProvider.requestsTo(token_endpoint, 'POST').map((r) => r.status)
  expect(posts.filter((s) => s === 200)).toHaveLength(1)
  expect(posts.length).toBeLessThanOrEqual(2)
  const seen = await exchanges.settled()
  expectOnlyNonceChallenges(seen)
  expectDpopToken(seen.at(-1), token_endpoint, jkt)
  expect(seen.at(-1)?.body['access_token']).toBe(all[0])

  // Both tabs are on the new token (one key), and /api/me still takes it from either.
  for (const tab of tabs) {
    await expectView(tab, { status: 'authenticated', sub: 'alice' })
    await expect
      .poll(() => tab.evaluate(() => window.auth.getSnapshot().expiresAt))
      .toBeGreaterThan(before as number)
    const { shown, sent } = await callApi(tab, dpopProvider)
    expect(shown.status).toBe(200)
    expect(shown.body).toMatchObject({ cnf: { jkt } })
    expect(apiCallKey(sent, dpopProvider)).toBe(jkt)
  }
  const [afterA, afterB] = await Promise.all(tabs.map((tab) => readStoredDpopKey(tab)))
  expect(afterA?.publicJwk).toEqual(keyA?.publicJwk)
  expect(afterB?.publicJwk).toEqual(keyA?.publicJwk)
})
