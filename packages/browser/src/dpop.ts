// DPoP (RFC 9449) support, imported explicitly (`import { dpop } from '@lanyard/browser/dpop'`)
// so that apps without it never ship its code: bundlers split by module, and oauth4webapi's DPoP
// lives in the same module as everything else, so only an import the app chooses keeps it out.
import {
  createDPoP,
  dpopResourceRequest,
  generateDPoPKeyPair,
  type ClientContext,
  type DPoPHandle,
} from '@lanyard/core'
import type { KeyValueStore } from './kv-store.ts'

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
 * DPoP support for `createAuthClient({ dpop })`: one ES256 key pair per issuer + client, private key
 * non-extractable, kept in IndexedDB (structured clone keeps it unexportable), shared by all tabs.
 */
export const dpop: DPoPSupport = {
  load: async (ctx, kv, keyName) => createDPoP(ctx, await kv.getOrSet(keyName, generateDPoPKeyPair)),
  remove: (kv, keyName) => kv.del(keyName),
  request: dpopResourceRequest,
}
