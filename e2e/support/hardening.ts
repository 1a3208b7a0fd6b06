// Helpers of the hardening matrix (tests/hardening-*.spec.ts): ways to break the page's world
// (IndexedDB, its network) from the outside and to look at what it stored. The providers and their
// fault switches are the usual fixtures (support/fixtures.ts):
//
//   test('…', async ({ context, page, provider }) => {
//     await configureApp(context, { issuer: provider.issuer })
//     provider.setFaults({ token: 'http500' })
//   })
import type { BrowserContext, Page } from '@playwright/test'
import { APP_ORIGIN } from './env.ts'

declare global {
  interface Window {
    /** Codes of the warnings the SDK reported through `onWarning` (e2e-app.js). */
    e2eWarnings: string[]
  }
}

/**
 * Keys of the SDK's IndexedDB store (`lanyard` / `v1`), read raw in the page; [] when the database
 * does not exist (it is never created here: that would leave it without the SDK's object store).
 */
export async function storedKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'lanyard')) return []
    const open = indexedDB.open('lanyard')
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    try {
      if (!db.objectStoreNames.contains('v1')) return []
      const request = db.transaction('v1', 'readonly').objectStore('v1').getAllKeys()
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      return keys.map(String)
    } finally {
      db.close()
    }
  })
}

/** The token records (`tokens:…`) among {@link storedKeys}. */
export async function tokenRecords(page: Page): Promise<string[]> {
  return (await storedKeys(page)).filter((key) => key.startsWith('tokens:'))
}

/** In the page: `auth.getAccessToken()` as `{ token }` or `{ error: code }`, with its duration (ms). */
export function timedGetAccessToken(
  page: Page,
  options: { cacheMode?: 'on' | 'off' | 'cache-only' } = {},
): Promise<{ token?: string; error?: string; ms: number }> {
  return page.evaluate((options) => {
    const started = performance.now()
    return window.auth.getAccessToken(options).then(
      (token) => ({ token, ms: performance.now() - started }),
      (error: { code?: string; name?: string }) => ({
        error: error?.code ?? error?.name ?? String(error),
        ms: performance.now() - started,
      }),
    )
  }, options)
}

/** Errors the page did not handle, and console errors, collected from now on. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`)
  })
  return errors
}

/**
 * A switch that takes this one page off the network and back (Chromium's network emulation, over
 * one CDP session): unlike `context.setOffline`, other windows of the context (a login popup) keep
 * theirs.
 */
export async function pageNetwork(page: Page): Promise<{ setOffline(offline: boolean): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  return {
    async setOffline(offline) {
      await cdp.send('Network.emulateNetworkConditions', {
        offline,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      })
    },
  }
}

/** The URLs of the page's session history (back/forward list), read through CDP. */
export async function historyUrls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { entries } = await cdp.send('Page.getNavigationHistory')
    return entries.map((entry) => entry.url)
  } finally {
    await cdp.detach()
  }
}

/** How {@link breakIndexedDb} breaks IndexedDB. */
export type IndexedDbFault = 'missing' | 'throw-on-write' | 'quota-exceeded'

/**
 * Breaks IndexedDB in every app page of `context` before any script runs: `missing` removes
 * `window.indexedDB` (private modes, locked-down embeds); `throw-on-write` makes every
 * `IDBObjectStore.put` throw an `UnknownError` DOMException (a broken profile: reads work, writes
 * fail); `quota-exceeded` makes it throw a `QuotaExceededError`.
 */
export async function breakIndexedDb(context: BrowserContext, fault: IndexedDbFault): Promise<void> {
  await context.addInitScript(
    ({ origin, fault }) => {
      if (location.origin !== origin) return
      if (fault === 'missing') {
        Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true })
        return
      }
      const [message, name] =
        fault === 'quota-exceeded'
          ? ['The quota has been exceeded.', 'QuotaExceededError']
          : ['Internal error opening backing store.', 'UnknownError']
      IDBObjectStore.prototype.put = function put() {
        throw new DOMException(message, name)
      }
    },
    { origin: APP_ORIGIN, fault },
  )
}
