// The `@lanyard/browser` suite's helpers: the e2e app page (e2e/pages/index.html + e2e-app.js, on
// the IIFE bundle), the dev provider's pages driven like a person would, and a second provider with
// a 5-second access-token lifetime for refresh scenarios.
//
//   import { expect, test } from '../support/app'
//
//   test('…', async ({ page, provider, shortTtl }) => { … })
//
// `provider` is the shared one on :9000 (support/fixtures.ts). `shortTtl` is a second provider on
// :9100 started once per worker (only when a test asks for it) with `--access-token-ttl 5`; its
// request log is emptied at the start of each test too.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from '@playwright/test'
import type { AuthClient } from '@lanyard/browser'
import { APP_ORIGIN, CLIENT_ID, PROVIDER_ORIGIN } from './env'
import { expect, test as base } from './fixtures'
import type { DiscoveryDocument, LoggedRequest } from './provider'

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
  }
}

/** `createAuthClient` options merged over the app's defaults, plus what the buttons pass. */
export interface AppConfig {
  issuer?: string
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
export const SHORT_TTL_PORT = 9100
export const SHORT_TTL_ORIGIN = `http://localhost:${SHORT_TTL_PORT}`
/** Access-token lifetime of the `shortTtl` provider, seconds. */
export const SHORT_TTL_SECONDS = 5

/**
 * Gives every app page of `context` (tabs, popups, pages after redirects) this config, in
 * sessionStorage['e2e-config'], before the page's scripts run.
 */
export async function configureApp(context: BrowserContext, config: AppConfig = {}): Promise<void> {
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
 * Answers the provider's login (and, if shown, consent) pages in `page` until it leaves the
 * provider; the page must already be on an interaction page of `providerOrigin`.
 */
export async function answerProvider(page: Page, providerOrigin: string, username = 'alice'): Promise<void> {
  for (let step = 0; step < 4; step++) {
    await page.waitForURL(
      (url) =>
        (url.origin === providerOrigin && url.pathname.startsWith('/interaction/')) ||
        url.origin === APP_ORIGIN,
    )
    const here = page.url()
    if (new URL(here).origin === APP_ORIGIN) return
    const prompt = await page.locator('input[name="prompt"]').first().inputValue()
    if (prompt === 'login') {
      await page.locator('input[name="login"]').fill(username)
      await page.locator('input[name="password"]').fill('any password')
    } else if (prompt !== 'consent') {
      throw new Error(`unexpected interaction prompt "${prompt}" at ${here}`)
    }
    await page.locator('button[type="submit"]').first().click()
    await page.waitForURL((url) => url.href !== here)
  }
  throw new Error(`still at the provider after 4 pages: ${page.url()}`)
}

/**
 * Clicks `#login` on the app page, logs in at the provider in the same tab and waits until the
 * app is back, authenticated as `username`.
 */
export async function loginWithRedirect(
  page: Page,
  {
    providerOrigin = PROVIDER_ORIGIN,
    username = 'alice',
  }: { providerOrigin?: string; username?: string } = {},
): Promise<void> {
  await Promise.all([
    page.waitForURL((url) => url.origin === providerOrigin && url.pathname.startsWith('/interaction/')),
    page.locator('#login').click(),
  ])
  await answerProvider(page, providerOrigin, username)
  await expectView(page, { status: 'authenticated', sub: username })
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

/** Waits (in the page's clock) until the current access token counts as expired for the SDK. */
export async function waitUntilStale(page: Page, leewaySeconds: number): Promise<void> {
  const expiresAt = await page.evaluate(() => window.auth.getSnapshot().expiresAt)
  expect(expiresAt, 'the snapshot carries expiresAt').toEqual(expect.any(Number))
  await page.waitForFunction(
    ({ expiresAt, leewaySeconds }) => Date.now() / 1000 > expiresAt - leewaySeconds + 0.05,
    { expiresAt: expiresAt as number, leewaySeconds },
    { polling: 100, timeout: (SHORT_TTL_SECONDS + 5) * 1000 },
  )
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

/** A dev provider seen from the test process: discovery and the request log. */
export interface ProviderHandle {
  issuer: string
  clientId: string
  metadata: DiscoveryDocument
  requestLog(): Promise<LoggedRequest[]>
  clearRequestLog(): Promise<void>
  /** The log filtered to one endpoint (path or URL; the query is ignored) and optionally a method. */
  requestsTo(endpoint: string, method?: string): Promise<LoggedRequest[]>
}

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok)
    throw new Error(`${what}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`)
  return response
}

/** A handle on the dev provider at `origin`. */
export async function providerAt(origin: string): Promise<ProviderHandle> {
  const logUrl = `${origin}/__lanyard/requests`
  const metadata = (await (
    await ok(await fetch(`${origin}/.well-known/openid-configuration`), `discovery at ${origin}`)
  ).json()) as DiscoveryDocument
  const requestLog = async () =>
    (await (await ok(await fetch(logUrl), 'request log')).json()) as LoggedRequest[]
  return {
    issuer: metadata.issuer,
    clientId: CLIENT_ID,
    metadata,
    requestLog,
    clearRequestLog: async () => void (await ok(await fetch(logUrl, { method: 'DELETE' }), 'clear log')),
    requestsTo: async (endpoint, method) => {
      const path = new URL(endpoint, origin).pathname
      return (await requestLog()).filter(
        (r) =>
          new URL(r.path, origin).pathname === path &&
          (method === undefined || r.method.toUpperCase() === method.toUpperCase()),
      )
    },
  }
}

/** RFC 7009 revocation from the test process, as another party (an admin, a security system) would. */
export async function revokeAtProvider(provider: ProviderHandle, token: string, hint = 'refresh_token') {
  const endpoint = provider.metadata.revocation_endpoint
  if (!endpoint) throw new Error('the provider advertises no revocation_endpoint')
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, token_type_hint: hint, client_id: provider.clientId }),
  })
  return response.status
}

const providerBin = fileURLToPath(
  new URL('../../packages/dev-provider/bin/lanyard-dev-provider.js', import.meta.url),
)

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok
  } catch {
    return false
  }
}

/**
 * Runs a dev provider of a suite's own on `port` (CLI `extraArgs`) for one worker: refuses a port
 * already answering (a leftover run), waits for discovery, stops it afterwards.
 */
export async function serveOwnProvider(
  label: string,
  port: number,
  extraArgs: string[],
  use: (handle: ProviderHandle) => Promise<void>,
): Promise<void> {
  const origin = `http://localhost:${port}`
  const discoveryUrl = `${origin}/.well-known/openid-configuration`
  if (await answers(discoveryUrl)) {
    throw new Error(
      `port ${port} is taken by another provider (a leftover run?); the ${label} specs need their own`,
    )
  }
  // A start that hangs (seen rarely on loaded CI machines, cause unknown) gets one more try.
  for (let attempt = 1; ; attempt++) {
    const child = spawn(process.execPath, [providerBin, '--port', String(port), ...extraArgs, '--quiet'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    let exited = false
    child.once('exit', () => (exited = true))
    const stop = async () => {
      if (exited) return
      child.kill('SIGTERM')
      await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 5000))])
      if (!exited) child.kill('SIGKILL')
    }
    const deadline = Date.now() + 20_000
    let up = false
    while (!exited && !(up = await answers(discoveryUrl)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    if (!up) {
      await stop()
      if (attempt < 2 && !exited) continue
      throw new Error(`the ${label} provider ${exited ? 'exited' : 'did not start'}: ${stderr.slice(-2000)}`)
    }
    try {
      return await use(await providerAt(origin))
    } finally {
      await stop()
    }
  }
}

export const test = base.extend<{ shortTtl: ProviderHandle }, { shortTtlServer: ProviderHandle }>({
  shortTtlServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires object destructuring here
    async ({}, use) =>
      serveOwnProvider('short-TTL', SHORT_TTL_PORT, ['--access-token-ttl', String(SHORT_TTL_SECONDS)], use),
    { scope: 'worker', timeout: 60_000 },
  ],
  shortTtl: async ({ shortTtlServer }, use) => {
    await shortTtlServer.clearRequestLog()
    await use(shortTtlServer)
  },
})

export { expect }

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
