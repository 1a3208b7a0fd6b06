import type { AuthorizationServer } from '@lanyard/core'
import type { KeyValueStore } from './kv-store.ts'
import type { Sealer } from './sealed-box.ts'

/**
 * oauth4webapi's JWKS cache (`JWKSCacheInput`): `{}`, or the key set and its download time (epoch
 * seconds). oauth4webapi reads it and updates it in place.
 */
export type JwksCache = { jwks?: { keys: object[] }; uat?: number }

/** A provider's metadata as kept in IndexedDB, shared by the tabs: the document and its JWKS. */
export interface MetadataRecord {
  as: AuthorizationServer
  jwks: JwksCache
  /** Epoch ms from which the document is stale: still used, but revalidated in the background. */
  staleAt: number
}

/** The sealed metadata record of one issuer. */
export interface MetadataCache {
  /** The record, or undefined when there is none or it is unreadable. */
  get(): Promise<MetadataRecord | undefined>
  set(record: MetadataRecord): Promise<void>
}

/**
 * How long a fetched document stays fresh: its `Cache-Control` max-age kept within 15 minutes (a
 * login completes with the document it started with; a short max-age does not mean a request per
 * page) and a day; 1 hour without one.
 */
export const freshFor = (cacheControl: string | null): number =>
  Math.min(Math.max(Number(/max-age=(\d+)/.exec(String(cacheControl))?.[1] ?? 3600), 900), 86_400) * 1000

/** Creates the {@link MetadataCache} of `issuer` in `kv`, sealed like the tokens. */
export function createMetadataCache(kv: KeyValueStore, sealer: Sealer, issuer: string): MetadataCache {
  const id = 'meta:' + issuer
  return {
    // Sealed, so written by this code: its version's shape is all there is to check.
    async get() {
      const [, record] = await sealer.read<MetadataRecord>(kv, id)
      return record?.staleAt ? record : undefined
    },
    set: async (record) => kv.set(id, await sealer.seal(record)),
  }
}
