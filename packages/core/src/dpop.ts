import * as oauth from 'oauth4webapi'
import type { ClientContext } from './context.ts'
import type { DPoPHandle } from './tokens.ts'

/** Generates an ES256 key pair for DPoP whose private key can never be exported. */
export function generateDPoPKeyPair(): Promise<CryptoKeyPair> {
  // What oauth.generateKeyPair('ES256') does, without its code for every other algorithm.
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])
}

/** A DPoP handle for this client and key; keep one per key and page (it caches server nonces). */
export function createDPoP(ctx: ClientContext, keyPair: CryptoKeyPair): DPoPHandle {
  return oauth.DPoP(ctx.client, keyPair)
}
