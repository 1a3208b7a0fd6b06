import type { AuthorizationServer, JwksCache } from '@lanyard/core'

/** A provider's metadata as kept in IndexedDB, shared by the tabs: the document and its JWKS. */
export interface MetadataRecord {
  as: AuthorizationServer
  jwks: JwksCache
  /** Epoch ms from which the document is stale: still used, but revalidated in the background. */
  staleAt: number
}
