import { createContext, discover, type ClientContext, type DPoPHandle } from '@lanyard/core'
import type { ClientStorage } from './client-storage.ts'
import type { DPoPSupport } from './dpop.ts'
import { freshFor, type MetadataRecord } from './metadata-cache.ts'
import type { ResolvedOptions } from './options.ts'

/**
 * The client's link to its provider: metadata and JWKS (kept sealed in IndexedDB, shared by the
 * tabs, so only a login discovers) and the DPoP handle.
 */
export interface ProviderLink {
  /**
   * The provider and client: from this page's memory, else IndexedDB (a stale document is used and
   * revalidated in the background), else discovery. A failed discovery is tried again next call.
   */
  context(): Promise<ClientContext>
  /**
   * {@link context} for a login about to leave the page: metadata that stays fresh until its
   * callback, and a fresh JWKS, both stored, so the callback page makes no request but the token's.
   */
  prepare(): Promise<ClientContext>
  /** The DPoP handle when the app passed `dpop`, else undefined. */
  proof(): Promise<DPoPHandle | undefined>
  /** Forgets the DPoP handle (its key went with the session). */
  forgetProof(): void
  /** The DPoP support the app passed, if any. */
  readonly dpop: DPoPSupport | undefined
}

type Linked = [MetadataRecord, ClientContext]

// A login's transaction lives 10 minutes: its callback must find the document still fresh.
const LOGIN_WINDOW = 600_000

/** Creates the {@link ProviderLink}; nothing is read or fetched until first use. */
export function createProviderLink(options: ResolvedOptions, storage: () => ClientStorage): ProviderLink {
  const http = { timeoutMs: options.timeouts.httpMs, ...(options.fetch && { fetch: options.fetch }) }
  const send: typeof fetch = (input, init) => (options.fetch ?? fetch)(input, init)
  let linked: Promise<Linked> | undefined
  let revalidating: Promise<unknown> | undefined
  // Writes in order: a later record is never overwritten by an earlier one.
  let saving: Promise<unknown> = Promise.resolve()
  const save = (record: MetadataRecord) =>
    (saving = saving.then(() => storage().metadata.set(record)).catch(() => {}))

  // Checks `cached` by discovery's own rules (`metadata`: no request), or fetches the document and
  // stores it with its Cache-Control expiry; then links it to this page.
  const link = async (cached?: MetadataRecord): Promise<Linked> => {
    let response: Response | undefined
    const as = await discover(options.issuer, {
      ...http,
      ...(cached && { metadata: cached.as }),
      fetch: async (input, init) => (response = await send(input, init)),
    })
    const record = response
      ? { as, jwks: {}, staleAt: Date.now() + freshFor(response.headers.get('cache-control')) }
      : cached!
    if (response) void save(record)
    // oauth4webapi updates the JWKS cache in place when it downloads the keys: store each update.
    const jwksCache = (record.jwks = new Proxy(record.jwks, {
      set(target, property, value) {
        if (property === 'uat') void save(record) // runs after the assignment
        return Reflect.set(target, property, value)
      },
    }))
    const contextOptions = { clientId: options.clientId, ...http, jwksCache }
    return (linked = Promise.resolve([record, createContext(as, contextOptions)]))
  }

  const current = () =>
    (linked ??= storage()
      .metadata.get()
      .catch(() => undefined)
      // A stored document that fails a check now (e.g. stored by an older version) is rediscovered.
      .then((cached) => (cached ? link(cached).catch(() => link()) : link()))
      .catch((error: unknown) => {
        linked = undefined // a failed discovery is retried next time
        throw error
      }))

  const context = async () => {
    const [record, ctx] = await current()
    if (Date.now() >= record.staleAt)
      revalidating ??= link()
        .catch(() => {})
        .then(() => (revalidating = undefined))
    return ctx
  }

  const prepare = async () => {
    let [record, ctx] = await current()
    if (record.staleAt - Date.now() < LOGIN_WINDOW) [record, ctx] = await link()
    // The keys for the callback's ID token (oauth4webapi trusts a download for 5 minutes).
    if (record.as.jwks_uri)
      await send(record.as.jwks_uri, { signal: AbortSignal.timeout(options.timeouts.httpMs) })
        .then((response) => response.json())
        .then((jwks: { keys?: unknown }) => {
          if (Array.isArray(jwks.keys))
            Object.assign(record.jwks, { jwks, uat: Math.floor(Date.now() / 1000) })
        })
        .catch(() => {}) // then the callback page downloads them
    await saving
    return ctx
  }

  // One DPoP handle per page (it caches server nonces); none unless the app passed `dpop`.
  const dpop = typeof options.dpop === 'object' ? options.dpop : undefined
  let handle: Promise<DPoPHandle> | undefined
  return {
    context,
    prepare,
    async proof() {
      if (!dpop) return undefined
      handle ??= context().then((ctx) => dpop.load(ctx, storage().kv))
      return handle.catch((error: unknown) => {
        handle = undefined
        throw error
      })
    },
    forgetProof() {
      handle = undefined
    },
    dpop,
  }
}
