// Chromium through playwright-core, the way the e2e suite runs it: Debian's /usr/bin/chromium (or
// $LANYARD_CHROMIUM), headless, no outside network (only localhost resolves), no interception —
// page.route / context.route would answer CORS preflights themselves and change what is measured.
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { APP_ORIGIN } from './env.ts'
import type { BenchConfig, Status } from './pages/harness.ts'

export function chromiumPath(): string | undefined {
  const fromEnv = process.env.LANYARD_CHROMIUM
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`LANYARD_CHROMIUM=${fromEnv} does not exist`)
    return fromEnv
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath()
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Background tabs keep full-speed timers: the storm's tabs must fire together.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  })
}

/** A fresh profile (cookies, storage, IndexedDB) whose every page gets `config`. */
export async function newContext(browser: Browser, config: BenchConfig): Promise<BrowserContext> {
  const context = await browser.newContext()
  await context.addInitScript((c) => {
    window.__benchConfig = c
  }, config)
  return context
}

export interface Settled {
  status: Status
  error?: string | undefined
  /** Script start → start-up settled, ms (page clock). */
  ms: number
  /** Script start → the first token call resolved (signed in only), ms; NaN when it failed. */
  tokenMs?: number | undefined
  /** Script start, wall clock (Date.now()), to compare with the provider's request log. */
  startEpoch: number
}

/** Waits until the page's start-up settled and reports how long it took. */
export async function settled(page: Page, timeout = 30_000): Promise<Settled> {
  await page.waitForFunction(
    () =>
      window.bench &&
      window.bench.status !== 'loading' &&
      (window.bench.status !== 'authenticated' ||
        window.bench.tokenAt !== undefined ||
        window.bench.tokenError !== undefined),
    null,
    { timeout },
  )
  return page.evaluate(() => {
    const b = window.bench
    return {
      status: b.status,
      error: b.error,
      ms: (b.settledAt ?? NaN) - b.scriptStart,
      tokenMs: b.status === 'authenticated' ? (b.tokenAt ?? NaN) - b.scriptStart : undefined,
      startEpoch: b.scriptStartEpoch,
    }
  })
}

/**
 * Starts a redirect login on the page and answers the provider's login form like a person would
 * (`input[name=login]`, `input[name=password]`, submit), then waits for the page to settle on the
 * callback. Returns the callback page's start-up.
 */
export async function logIn(page: Page, providerOrigin: string, username = 'bench'): Promise<Settled> {
  const atProvider = (url: URL) => url.origin === providerOrigin && url.pathname.startsWith('/interaction/')
  await Promise.all([
    page.waitForURL(atProvider),
    page.evaluate(() => {
      void window.bench.login()
    }),
  ])
  for (let step = 0; step < 4; step++) {
    const here = page.url()
    if (new URL(here).origin === APP_ORIGIN) break
    const prompt = await page.locator('input[name="prompt"]').first().inputValue()
    if (prompt === 'login') {
      await page.locator('input[name="login"]').fill(username)
      await page.locator('input[name="password"]').fill('bench')
    } else if (prompt !== 'consent') {
      throw new Error(`unexpected interaction prompt "${prompt}" at ${here}`)
    }
    await page.locator('button[type="submit"]').first().click()
    await page.waitForURL((url) => url.href !== here)
    await page.waitForURL((url) => atProvider(url) || url.origin === APP_ORIGIN)
  }
  const result = await settled(page)
  if (result.status !== 'authenticated')
    throw new Error(`login ended ${result.status}${result.error ? ` (${result.error})` : ''}`)
  return result
}
