// Helpers of the security specs (tests/security-*.spec.ts): a provider whose metadata or revocation
// endpoint misbehaves, an IndexedDB that fails when the test says so, and what the provider thinks of
// a refresh token. The providers are the usual fixtures (support/fixtures.ts).
//
// Interception: the rest of the suite never uses page.route / context.route, because with a route
// on, Playwright answers every CORS preflight of the context itself. These helpers use it only to
// play a hostile or refusing provider (discovery, revocation) that the dev provider cannot be
// made into; the specs that use them test no CORS behaviour.
import type { BrowserContext, Page, Request, Route } from '@playwright/test'
import { APP_ORIGIN } from './env.ts'
import type { TestProvider } from './fixtures.ts'

declare global {
  interface Window {
    /** Set by the script a hostile metadata endpoint would run: must stay undefined. */
    __pwned?: unknown
    /** The IndexedDB fault switch of {@link switchableIndexedDbFault}. */
    __idbFault?: IndexedDbFaultMode
  }
}

/** A `javascript:` URL that marks the app window (or a popup's opener) as compromised. */
export const SCRIPT_URL = 'javascript:void((window.opener||window).__pwned=1)'

/** A plain-http URL on a host that is not loopback (it never resolves here: see playwright.config.ts). */
export const PLAIN_HTTP_HOST = 'provider.example'

/** The request a test-process `fetch` makes to the provider's token endpoint, for a refresh token. */
export async function refreshGrant(
  provider: TestProvider,
  refreshToken: string,
): Promise<{ status: number; error?: string }> {
  const response = await fetch(provider.metadata.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: provider.clientId,
    }),
  })
  const body = (await response.json().catch(() => ({}))) as { error?: string }
  return { status: response.status, ...(body.error && { error: body.error }) }
}

/**
 * From now on, every page of `context` gets `provider`'s discovery document with `overrides` merged
 * over it (the rest of the provider is untouched). Resolves once the route is in place.
 */
export async function tamperDiscovery(
  context: BrowserContext,
  provider: TestProvider,
  overrides: Record<string, unknown>,
): Promise<void> {
  const body = JSON.stringify({ ...provider.metadata, ...overrides })
  await context.route(
    (url) => url.origin === provider.origin && url.pathname.endsWith('/.well-known/openid-configuration'),
    (route: Route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': '*', 'cache-control': 'no-store' },
        body,
      }),
  )
}

/**
 * From now on, the provider's revocation endpoint answers every POST of `context` with 401
 * `invalid_client` (as a provider does when it does not accept the client's authentication); the
 * requests are counted in the returned list.
 */
export async function refuseRevocation(context: BrowserContext, provider: TestProvider): Promise<Request[]> {
  const endpoint = provider.metadata.revocation_endpoint
  if (!endpoint) throw new Error('the provider advertises no revocation_endpoint')
  const refused: Request[] = []
  await context.route(endpoint, (route) => {
    if (route.request().method() !== 'POST') return route.continue()
    refused.push(route.request())
    return route.fulfill({
      status: 401,
      contentType: 'application/json',
      headers: { 'access-control-allow-origin': APP_ORIGIN, 'www-authenticate': 'Basic realm="oidc"' },
      body: JSON.stringify({ error: 'invalid_client', error_description: 'client authentication failed' }),
    })
  })
  return refused
}

/**
 * How the switch of {@link switchableIndexedDbFault} breaks IndexedDB: `writes` makes every
 * `IDBObjectStore.put`/`add` throw (a full or broken disk: reads and deletes still work); `all`
 * makes every transaction fail to open (a broken backing store: nothing works).
 */
export type IndexedDbFaultMode = 'off' | 'writes' | 'all'

/**
 * Installs, in every app page of `context` before any script runs, an IndexedDB that fails while
 * the page's switch is on ({@link setIndexedDbFault}); off at load. Each tab has its own switch.
 */
export async function switchableIndexedDbFault(context: BrowserContext): Promise<void> {
  await context.addInitScript(
    ({ origin }) => {
      if (location.origin !== origin) return
      window.__idbFault = 'off'
      const broken = () => new DOMException('Internal error opening backing store.', 'UnknownError')
      const { put, add } = IDBObjectStore.prototype
      const { transaction } = IDBDatabase.prototype
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
        if (window.__idbFault !== 'off') throw broken()
        return put.apply(this, args)
      }
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
        if (window.__idbFault !== 'off') throw broken()
        return add.apply(this, args)
      }
      IDBDatabase.prototype.transaction = function (
        this: IDBDatabase,
        ...args: Parameters<typeof transaction>
      ) {
        if (window.__idbFault === 'all') throw broken()
        return transaction.apply(this, args)
      }
    },
    { origin: APP_ORIGIN },
  )
}

/** Flips the IndexedDB fault switch of one page (see {@link switchableIndexedDbFault}). */
export async function setIndexedDbFault(page: Page, mode: IndexedDbFaultMode): Promise<void> {
  await page.evaluate((mode) => (window.__idbFault = mode), mode)
}

/** In the page: the promise `run` returns, as `{ ok: true }` or `{ code, message }` of its rejection. */
export type Outcome = { ok: true } | { ok: false; code: string; message: string }

/** The outcome of `auth.logout(options)` in the page. */
export function logoutOutcome(page: Page, options: { federated?: boolean } = {}): Promise<Outcome> {
  return page.evaluate(
    (options) =>
      window.auth.logout(options).then(
        (): Outcome => ({ ok: true }),
        (error: { code?: string; message?: string }): Outcome => ({
          ok: false,
          code: error?.code ?? String(error),
          message: error?.message ?? '',
        }),
      ),
    options,
  )
}

/**
 * Deletes the provider metadata the SDK keeps in IndexedDB (`meta:…`), raw in the page, so the next
 * page discovers again (as a device that never signed in would).
 */
export async function forgetStoredMetadata(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const open = indexedDB.open('lanyard')
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    try {
      const transaction = db.transaction('v1', 'readwrite')
      const store = transaction.objectStore('v1')
      const keys = store.getAllKeys()
      keys.onsuccess = () => {
        for (const key of keys.result) if (String(key).startsWith('meta:')) store.delete(key)
      }
      await new Promise<void>((resolve, reject) => {
        transaction.oncomplete = () => resolve()
        transaction.onerror = () => reject(transaction.error)
      })
    } finally {
      db.close()
    }
  })
}
