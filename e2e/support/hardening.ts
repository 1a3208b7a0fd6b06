// Helpers of the hardening matrix (tests/hardening-*.spec.ts): two dev providers of their own, so
// fault switches and request logs never touch the shared one on :9000, plus ways to break the page's
// world (IndexedDB, its clock, its network) from the outside and to look at what it stored.
//
//   import { expect, test } from '../support/hardening'
//
//   test('…', async ({ context, page, faulty }) => {
//     await configureApp(context, { issuer: faulty.issuer })
//     await faulty.setFaults({ token: 'http500' })
//   })
//
// `faulty` is a dev provider with the default access-token lifetime, `faultyShort` one whose access
// tokens live SHORT_TTL_SECONDS (5 s). Each is started once per worker, on the first free port from
// 9400 (9410 for the short one), only when a test asks for it. Every test starts and ends with an
// empty request log and every fault switch off.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from '@playwright/test'
import { APP_ORIGIN } from './env'
import { SHORT_TTL_SECONDS, expect, providerAt, test as appTest, type ProviderHandle } from './app'

declare global {
  interface Window {
    /** Codes of the warnings the SDK reported through `onWarning` (e2e-app.js). */
    e2eWarnings: string[]
  }
}

/** The dev provider's fault switches (`PUT /__lanyard/faults`). */
export interface Faults {
  token?: 'http500' | 'hang' | 'malformed-json'
  idToken?: 'wrong-nonce' | 'wrong-aud' | 'wrong-iss' | 'expired' | 'wrong-sub'
  callbackIss?: 'foreign'
  times?: number
}

/** The issuer `callbackIss: 'foreign'` puts in the authorization response. */
export const FOREIGN_ISSUER = 'https://foreign-issuer.example'

/** A dev provider of this suite: the usual handle plus its fault switches. */
export interface FaultyProvider extends ProviderHandle {
  origin: string
  setFaults(faults: Faults): Promise<void>
  clearFaults(): Promise<void>
  /** Statuses of the token-endpoint POSTs since the log was last cleared (0: never answered). */
  tokenPosts(): Promise<number[]>
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

async function checked(response: Response, what: string): Promise<void> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`)
}

function handle(base: ProviderHandle, origin: string): FaultyProvider {
  const faultsUrl = `${origin}/__lanyard/faults`
  return {
    ...base,
    origin,
    async setFaults(faults) {
      await checked(
        await fetch(faultsUrl, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(faults),
        }),
        'set faults',
      )
    },
    async clearFaults() {
      await checked(await fetch(faultsUrl, { method: 'DELETE' }), 'clear faults')
    },
    async tokenPosts() {
      return (await base.requestsTo(base.metadata.token_endpoint, 'POST')).map((r) => r.status)
    },
  }
}

/**
 * Spawns `lanyard-dev-provider` on the first port from `firstPort` that nobody answers on (another
 * run, another suite), and resolves once its discovery answers.
 */
async function spawnProvider(
  firstPort: number,
  extraArgs: string[],
): Promise<{ handle: FaultyProvider; stop: () => Promise<void> }> {
  for (let port = firstPort; port < firstPort + 10; port++) {
    const origin = `http://localhost:${port}`
    const discoveryUrl = `${origin}/.well-known/openid-configuration`
    if (await answers(discoveryUrl)) continue
    const child = spawn(process.execPath, [providerBin, '--port', String(port), '--quiet', ...extraArgs], {
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
    // A start that hangs (seen rarely on loaded CI machines, cause unknown): try the next port.
    const deadline = Date.now() + 20_000
    let timedOut = false
    while (!exited && !(await answers(discoveryUrl))) {
      if ((timedOut = Date.now() > deadline)) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    if (timedOut) {
      await stop()
      continue
    }
    if (exited) {
      if (/EADDRINUSE/.test(stderr)) continue // taken meanwhile (not by a provider): next port
      throw new Error(`the provider on :${port} exited: ${stderr.slice(-2000)}`)
    }
    return { handle: handle(await providerAt(origin), origin), stop }
  }
  throw new Error(`no free port for a dev provider in ${firstPort}-${firstPort + 9}`)
}

async function serveProvider(
  firstPort: number,
  extraArgs: string[],
  use: (handle: FaultyProvider) => Promise<void>,
): Promise<void> {
  const { handle, stop } = await spawnProvider(firstPort, extraArgs)
  try {
    await use(handle)
  } finally {
    await stop()
  }
}

const perTest = async (server: FaultyProvider, use: (handle: FaultyProvider) => Promise<void>) => {
  await server.clearFaults()
  await server.clearRequestLog()
  try {
    await use(server)
  } finally {
    await server.clearFaults()
  }
}

export const test = appTest.extend<
  { faulty: FaultyProvider; faultyShort: FaultyProvider },
  { faultyServer: FaultyProvider; faultyShortServer: FaultyProvider }
>({
  faultyServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires object destructuring here
    async ({}, use) => serveProvider(9400, [], use),
    { scope: 'worker', timeout: 60_000 },
  ],
  faultyShortServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires object destructuring here
    async ({}, use) => serveProvider(9410, ['--access-token-ttl', String(SHORT_TTL_SECONDS)], use),
    { scope: 'worker', timeout: 60_000 },
  ],
  faulty: async ({ faultyServer }, use) => perTest(faultyServer, use),
  faultyShort: async ({ faultyShortServer }, use) => perTest(faultyShortServer, use),
})

export { expect }

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

/**
 * Shifts the clock of every app page of `context` (APP_ORIGIN only; the provider keeps the real
 * time) by `skewMs`: `Date.now()` and `new Date()` read the skewed time, timers run normally.
 */
export async function skewAppClock(context: BrowserContext, skewMs: number): Promise<void> {
  await context.addInitScript(
    ({ origin, skewMs }) => {
      if (location.origin !== origin) return
      const RealDate = Date
      class SkewedDate extends RealDate {
        constructor(...args: ConstructorParameters<DateConstructor> | []) {
          if (args.length === 0) super(RealDate.now() + skewMs)
          else super(...(args as [string | number | Date]))
        }
        static override now() {
          return RealDate.now() + skewMs
        }
      }
      Object.defineProperty(window, 'Date', { value: SkewedDate, writable: true, configurable: true })
    },
    { origin: APP_ORIGIN, skewMs },
  )
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
