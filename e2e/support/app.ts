// The `@lanyard/browser` suite's helpers: the e2e app page (e2e/pages/index.html + e2e-app.js, on
// the IIFE bundle), configured at run time for whichever provider the test uses.
//
//   import { configureApp, loginWithRedirect, openApp } from '../support/app.ts'
//   import { expect, test } from '../support/fixtures.ts'
//
//   test('…', async ({ context, page, provider }) => {
//     await configureApp(context, { issuer: provider.issuer })
//     await openApp(page)
//     await loginWithRedirect(page, provider)
//   })
import type { BrowserContext, Page } from '@playwright/test'
import type { AuthClient } from '@lanyard/browser'
import { APP_ORIGIN } from './env.ts'
import { SHORT_TTL_SECONDS, expect, type TestProvider } from './fixtures.ts'

/** What e2e-app.js renders into `#state` (and keeps in `window.e2eStates`). */
export interface AppView {
  status: 'loading' | 'authenticated' | 'unauthenticated'
  sub: string | null
  error: string | null
}

declare global {
  interface Window {
    auth: AuthClient
    e2eStates: AppView[]
    /** Set by {@link holdIndexedDbOpen}: lets the held `indexedDB.open` calls go on. */
    openIndexedDb?: () => void
  }
}

/** `createAuthClient` options merged over the app's defaults, plus what the buttons pass. */
export interface AppConfig {
  /** The provider's issuer, exactly (`provider.issuer`): the page has no default. */
  issuer: string
  redirectUri?: string
  postLogoutRedirectUri?: string
  refreshLeewaySeconds?: number
  timeouts?: { httpMs?: number; popupMs?: number; lockMs?: number }
  /** Passed to `auth.logout()` by the `#logout` button. */
  logoutOptions?: { returnTo?: string; federated?: boolean; revoke?: boolean }
  [option: string]: unknown
}

/** The app page; also the default redirect and post-logout URI. */
export const APP_PAGE = `${APP_ORIGIN}/index.html`
export const POPUP_CALLBACK_PAGE = `${APP_ORIGIN}/popup-callback.html`

/**
 * Gives every app page of `context` (tabs, popups, pages after redirects) this config, in
 * sessionStorage['e2e-config'], before the page's scripts run.
 */
export async function configureApp(context: BrowserContext, config: AppConfig): Promise<void> {
  await context.addInitScript(
    ({ origin, json }) => {
      if (location.origin === origin) sessionStorage.setItem('e2e-config', json)
    },
    { origin: APP_ORIGIN, json: JSON.stringify(config) },
  )
}

/** The `#state` text for a view, for `toHaveText` (key order as e2e-app.js writes it). */
export function stateText(view: { status: AppView['status']; sub?: string | null; error?: string | null }) {
  return JSON.stringify({ status: view.status, sub: view.sub ?? null, error: view.error ?? null })
}

/** Waits until the page's `#state` shows exactly this view. */
export async function expectView(
  page: Page,
  view: { status: AppView['status']; sub?: string | null; error?: string | null },
  timeout?: number,
): Promise<void> {
  await expect(page.locator('#state')).toHaveText(stateText(view), timeout ? { timeout } : {})
}

/** Opens the app page and waits for `start()` to settle (the view leaves `loading`). */
export async function openApp(page: Page, url: string = APP_PAGE): Promise<AppView> {
  await page.goto(url)
  await expect(page.locator('#state')).not.toHaveText(/"status":"loading"/)
  return JSON.parse((await page.locator('#state').textContent()) ?? '{}') as AppView
}

/**
 * Clicks `#login` on the app page, signs in at `provider` in the same tab and waits until the app
 * is back, authenticated as `username`.
 */
export async function loginWithRedirect(
  page: Page,
  provider: TestProvider,
  { username = 'alice' }: { username?: string } = {},
): Promise<void> {
  await provider.signIn(page, { username, start: () => page.locator('#login').click() })
  await expectView(page, { status: 'authenticated', sub: username })
}

/** The usual start of a signed-in test: the app configured for `provider`, opened, signed in. */
export async function signedIn(context: BrowserContext, page: Page, provider: TestProvider): Promise<void> {
  await configureApp(context, { issuer: provider.issuer })
  await openApp(page)
  await loginWithRedirect(page, provider)
}

/**
 * Resolves with the JSON body of the next successful token-endpoint response the page receives
 * (observed through the browser's network events; nothing is intercepted). Lets a test know the
 * real tokens without reading the SDK's storage.
 */
export async function nextTokenResponse(page: Page, tokenEndpoint: string): Promise<TokenResponse> {
  const response = await page.waitForResponse(
    (r) => r.url() === tokenEndpoint && r.request().method() === 'POST' && r.status() === 200,
  )
  return (await response.json()) as TokenResponse
}

export interface TokenResponse {
  access_token: string
  refresh_token?: string
  id_token?: string
  expires_in?: number
  [key: string]: unknown
}

/**
 * Moves the browser's clock (Playwright's, installed on the context before the app loaded) just
 * past the moment the access token `page` shows counts as expired for the SDK, instead of waiting
 * for it. Every tab of the context moves together; the provider keeps the real time, so the token
 * may still be valid there: what is tested is that the SDK refreshes when it thinks it must.
 */
export async function expireAccessToken(page: Page, leewaySeconds: number): Promise<void> {
  const { expiresAt, now } = await page.evaluate(() => ({
    expiresAt: window.auth.getSnapshot().expiresAt,
    now: Date.now(),
  }))
  expect(expiresAt, 'the snapshot carries expiresAt').toEqual(expect.any(Number))
  // Never more than a token's life: ID tokens issued meanwhile must stay valid in the page's time.
  const jump = Math.max(0, ((expiresAt as number) - leewaySeconds) * 1000 - now) + 100
  expect(jump).toBeLessThanOrEqual(SHORT_TTL_SECONDS * 1000 + 100)
  await page.clock.fastForward(jump)
}

/**
 * Stops the browser's clock (Playwright's, installed on the context before the app loaded) a second
 * from now: no timer fires until the test runs the clock on (`page.clock.runFor`), so what happens
 * within a given time is checked in the page's time, not the machine's.
 */
export async function pauseClock(page: Page): Promise<void> {
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000)
}

/** In the page: the snapshot's status, `reason` (why there is no session) and error code. */
export function snapshotReason(
  page: Page,
): Promise<{ status: AppView['status']; reason: string | null; error: string | null }> {
  return page.evaluate(() => {
    const { status, reason, error } = window.auth.getSnapshot()
    return { status, reason: reason ?? null, error: error?.code ?? null }
  })
}

/** In the page: `auth.getAccessToken()` as `{ token }` or `{ error: code }`. */
export function getAccessToken(page: Page): Promise<{ token?: string; error?: string }> {
  return page.evaluate(() =>
    window.auth.getAccessToken().then(
      (token) => ({ token }),
      (error: { code?: string; name?: string }) => ({ error: error?.code ?? error?.name ?? String(error) }),
    ),
  )
}

/** RFC 7009 revocation from the test process, as another party (an admin, a security system) would. */
export async function revokeAtProvider(provider: TestProvider, token: string, hint = 'refresh_token') {
  const endpoint = provider.metadata.revocation_endpoint
  if (!endpoint) throw new Error('the provider advertises no revocation_endpoint')
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, token_type_hint: hint, client_id: provider.clientId }),
  })
  return response.status
}

/** Opens `count` more tabs of the app in `context`; each must come up signed in (from the cache). */
export async function openSignedInTabs(context: BrowserContext, count: number): Promise<Page[]> {
  const tabs: Page[] = []
  for (let i = 0; i < count; i++) {
    const tab = await context.newPage()
    expect(await openApp(tab)).toEqual({ status: 'authenticated', sub: 'alice', error: null })
    tabs.push(tab)
  }
  return tabs
}

/** Every tab calls `getAccessToken()` `calls` times at once: the tokens, or `error:<code>`. */
export async function tokenStorm(tabs: Page[], calls: number): Promise<string[]> {
  const results = await Promise.all(
    tabs.map((tab) =>
      tab.evaluate(
        (n) =>
          Promise.allSettled(Array.from({ length: n }, () => window.auth.getAccessToken())).then((settled) =>
            settled.map((s) =>
              s.status === 'fulfilled'
                ? s.value
                : `error:${(s.reason as { code?: string })?.code ?? s.reason}`,
            ),
          ),
        calls,
      ),
    ),
  )
  return results.flat()
}

/** Statuses of the token-endpoint POSTs since the log was last cleared (0: never answered). */
export function tokenPosts(provider: TestProvider): number[] {
  return provider.requestsTo(provider.metadata.token_endpoint, 'POST').map((entry) => entry.status)
}

/**
 * From the next load of `page` on (app origin only), `indexedDB.open` answers only after
 * `window.openIndexedDb()`: what a page shows before its database opens.
 */
export async function holdIndexedDbOpen(page: Page): Promise<void> {
  await page.addInitScript((origin) => {
    if (location.origin !== origin) return
    // A request object that forwards the real request's events once it exists (what the SDK and
    // idb-keyval use of it).
    const open = indexedDB.open.bind(indexedDB)
    let opened: () => void
    const allowed = new Promise<void>((resolve) => (opened = resolve))
    window.openIndexedDb = () => opened()
    indexedDB.open = (name: string, version?: number) => {
      const request = {} as IDBOpenDBRequest & Record<string, unknown>
      void allowed.then(() => {
        const real = open(name, version)
        for (const type of ['success', 'error', 'upgradeneeded', 'blocked'] as const) {
          real.addEventListener(type, (event) => {
            Object.assign(request, { result: real.result, error: real.error })
            ;(request[`on${type}`] as ((event: Event) => void) | null)?.(event)
          })
        }
      })
      return request
    }
  }, APP_ORIGIN)
}
