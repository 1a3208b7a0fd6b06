// DPoP (RFC 9449) support, imported explicitly (`import { dpop } from '@lanyard/browser/dpop'`)
// so that apps without it never ship its code: bundlers split by module, and oauth4webapi's DPoP
// lives in the same module as everything else, so only an import the app chooses keeps it out.
// The proof code itself is a chunk loaded on first need (a login, a refresh, an `auth.fetch`): a
// signed-in reload needs no proof, so a DPoP app's start-up stays as small as a vanilla one's.
import type { ClientContext, DPoPHandle } from '@lanyard/core'
import type * as DPoPChunk from './dpop-chunk.ts'
import type { KeyValueStore } from './kv-store.ts'
import { createProtocolLoader } from './load-protocol.ts'

/** What `createAuthClient({ dpop })` needs to send sender-constrained tokens. */
export interface DPoPSupport {
  /** The handle for the key stored at `keyName` (one per issuer + client), created on first use. */
  load(ctx: ClientContext, kv: KeyValueStore, keyName: string): Promise<DPoPHandle>
  /** Forgets the key (logout): the next login binds tokens to a new one. */
  remove(kv: KeyValueStore, keyName: string): Promise<void>
  /** A resource request with `Authorization: DPoP` and a proof, retried once for a nonce. */
  request(accessToken: string, request: Request, handle: DPoPHandle): Promise<Response>
}

/**
 * The {@link dpop} support over `importChunk`: the chunk loads once per page; a failed load is
 * `AUTH_NETWORK_ERROR` for the call that needed it (tried again on the next).
 */
export function createDPoPSupport(importChunk: () => Promise<typeof DPoPChunk>): DPoPSupport {
  const loadChunk = createProtocolLoader(importChunk)
  return {
    async load(ctx, kv, keyName) {
      const { createDPoP, generateDPoPKeyPair } = await loadChunk()
      return createDPoP(ctx, await kv.getOrSet(keyName, generateDPoPKeyPair))
    },
    remove: (kv, keyName) => kv.del(keyName),
    request: async (accessToken, request, handle) =>
      (await loadChunk()).dpopResourceRequest(accessToken, request, handle),
  }
}

/**
 * DPoP support for `createAuthClient({ dpop })`: one ES256 key pair per issuer + client, private key
 * non-extractable, kept in IndexedDB (structured clone keeps it unexportable), shared by all tabs.
 */
export const dpop: DPoPSupport = /* @__PURE__ */ createDPoPSupport(() => import('./dpop-chunk.ts'))
