import { AUTH_INVALID_RESPONSE, type ClientContext, type DPoPHandle, AuthError } from '@lanyard/core'
import type { ClientStorage } from './client-storage.ts'
import type { DPoPSupport } from './dpop.ts'
import { loadProtocol, type Protocol } from './load-protocol.ts'
import type { MetadataRecord } from './metadata-cache.ts'
import type { ResolvedOptions } from './options.ts'
import { withTimeout } from './resilient-store.ts'

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
   * {@link context} for a login about to leave the page: the provider's current document and JWKS,
   * both stored before it resolves, so the callback page makes no request but the token's.
   */
  prepare(): Promise<ClientContext>
  /** The protocol chunk (loaded once per page), within `timeouts.httpMs`. */
  protocol(): Promise<Protocol>
  /** The DPoP handle when the app passed `dpop`, else undefined. */
  proof(): Promise<DPoPHandle | undefined>
  /** Forgets the DPoP handle (its key went with the session). */
  forgetProof(): void
  /** The DPoP support the app passed, if any. */
  readonly dpop: DPoPSupport | undefined
  /** Deletes this client's DPoP key (logout): the next login binds tokens to a new one. */
  removeProofKey(): Promise<void>
  /** Tells the app (`onWarning`) when DPoP was asked for but the token is a Bearer token. */
  warnIfNotBound(DPoP: unknown, tokens: { token_type: string }): void
}

type Linked = [MetadataRecord, ClientContext]

// How long a fetched document is used without revalidation. (Not its Cache-Control max-age: a
// provider's short one would cost a request per page, a long one saves nothing but a background
// request an hour.)
const FRESH_FOR = 3600_000

/** Creates the {@link ProviderLink}; nothing is read or fetched until first use. */
export function createProviderLink(options: ResolvedOptions, storage: () => ClientStorage): ProviderLink {
  const http = { timeoutMs: options.timeouts.httpMs, ...(options.fetch && { fetch: options.fetch }) }
  // The protocol chunk, bounded like a request: a server that never answers is AUTH_TIMEOUT.
  const protocol = () => withTimeout(loadProtocol(), http.timeoutMs, 'loading the protocol chunk')
  const id = 'meta:' + options.issuer // sealed, like the tokens
  let linked: Promise<Linked> | undefined
  let known: MetadataRecord | undefined
  let revalidating: Promise<unknown> | undefined
  // Writes in order: a later record is never overwritten by an earlier one.
  let saving: Promise<unknown> = Promise.resolve()
  const save = (record: MetadataRecord) =>
    (saving = saving
      .then(async () => {
        const { kv, sealer } = storage()
        await kv.set(id, await sealer.seal(record, id))
      })
      .catch(() => {}))

  // Checks `cached` by discovery's own rules (`metadata`, its issuer ours: no request), or fetches
  // the document and stores it; then links it to this page.
  const link = async (cached?: MetadataRecord): Promise<Linked> => {
    const { discover, createContext, issuerMatches } = await protocol()
    const reused = cached && issuerMatches(cached.as.issuer, options.issuer) && cached
    const as = await discover(options.issuer, { ...http, ...(reused && { metadata: reused.as }) })
    // A revalidated document keeps the keys downloaded for the same `jwks_uri`.
    const keys = known && known.as.jwks_uri === as.jwks_uri ? { ...known.jwks } : {}
    const record = reused || { as, jwks: keys, staleAt: Date.now() + FRESH_FOR }
    if (!reused) void save(record)
    known = record
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
    (linked ??= Promise.all([
      // With the sealing key, in one transaction. Sealed, so written by this code: no shape to check.
      storage().sealer.read<MetadataRecord>(storage().kv, id),
      protocol(), // meanwhile: link() needs it
    ])
      // A stored document that fails a check now (e.g. stored by an older version) is rediscovered.
      .then(([[, cached]]) => (cached ? link(cached).catch(() => link()) : link()))
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

  // A login takes the provider's current document (fresh for longer than its transaction lives).
  const prepare = async () => {
    const [record, ctx] = await link()
    // The keys for the callback's ID token (oauth4webapi trusts a download for 5 minutes); on a
    // failure the callback page downloads them. The update reaches `record` through its proxy.
    if (record.as.jwks_uri) await (await protocol()).prefetchJwks(ctx).catch(() => {})
    await saving
    return ctx
  }

  // One DPoP handle per page (it caches server nonces); none unless the app passed `dpop`.
  const dpop = typeof options.dpop === 'object' ? options.dpop : undefined
  // One key per issuer + client: one client's logout must not delete another's key.
  const keyName = `dpop:${options.issuer}:${options.clientId}`
  let handle: Promise<DPoPHandle> | undefined
  return {
    context,
    prepare,
    protocol,
    async proof() {
      if (!dpop) return undefined
      handle ??= context().then((ctx) => dpop.load(ctx, storage().kv, keyName))
      return handle.catch((error: unknown) => {
        handle = undefined
        throw error
      })
    },
    forgetProof() {
      handle = undefined
    },
    dpop,
    async removeProofKey() {
      handle = undefined
      await dpop?.remove(storage().kv, keyName)
    },
    warnIfNotBound(DPoP, tokens) {
      // The provider ignored DPoP (RFC 9449 lets it): the app asked for sender-constrained tokens
      // and must know it did not get them.
      if (DPoP && tokens.token_type !== 'dpop') {
        options.onWarning(new AuthError(AUTH_INVALID_RESPONSE, 'DPoP requested, Bearer token issued'))
      }
    },
  }
}
