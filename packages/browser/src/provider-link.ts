import {
  AUTH_INVALID_RESPONSE,
  createContext,
  discover,
  type ClientContext,
  type DPoPHandle,
  AuthError,
} from '@lanyard/core'
import type { ClientStorage } from './client-storage.ts'
import type { DPoPSupport } from './dpop.ts'
import type { ResolvedOptions } from './options.ts'

/** The client's link to its provider: metadata (discovered once per page) and the DPoP handle. */
export interface ProviderLink {
  /** The discovered provider and client; a failed discovery is tried again on the next call. */
  context(): Promise<ClientContext>
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

/** Creates the {@link ProviderLink}; nothing is fetched until first use. */
export function createProviderLink(options: ResolvedOptions, storage: () => ClientStorage): ProviderLink {
  const http = { timeoutMs: options.timeouts.httpMs, ...(options.fetch && { fetch: options.fetch }) }
  let context: Promise<ClientContext> | undefined
  const discovered = () =>
    (context ??= discover(options.issuer, http).then(
      (metadata) => createContext(metadata, { clientId: options.clientId, ...http }),
      (error: unknown) => {
        context = undefined // a failed discovery is retried next time
        throw error
      },
    ))

  // One DPoP handle per page (it caches server nonces); none unless the app passed `dpop`.
  const dpop = typeof options.dpop === 'object' ? options.dpop : undefined
  // One key per issuer + client: one client's logout must not delete another's key.
  const keyName = `dpop:${options.issuer}:${options.clientId}`
  let handle: Promise<DPoPHandle> | undefined
  return {
    context: discovered,
    async proof() {
      if (!dpop) return undefined
      handle ??= discovered().then((ctx) => dpop.load(ctx, storage().kv, keyName))
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
