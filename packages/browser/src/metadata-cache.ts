import type { AuthorizationServer } from '@lanyard/core'

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
