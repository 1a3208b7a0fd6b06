// oauth4webapi's DPoP (proofs, the key's handle): a chunk of its own, loaded on first need (see
// dpop.ts), so that a DPoP app's start-up does not load the protocol.
export { createDPoP, dpopResourceRequest, generateDPoPKeyPair } from '@lanyard/core'
