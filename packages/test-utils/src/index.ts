export {
  CLIENT_ID,
  ISSUER,
  createFakeProvider,
  type FakeProvider,
  type FakeProviderOptions,
  type Handler,
  type IdTokenOptions,
  type RecordedRequest,
} from './fake-provider.ts'
export { fakeOp, type FakeOp } from './fake-op.ts'
export { HS256_SECRET, breakSignature, signJwt } from './jwt.ts'
export { json } from './responses.ts'
export { generateSigningKey, sharedSigningKeys, type SigningAlg, type SigningKey } from './signing-keys.ts'
export { base64url, base64urlJson } from './base64url.ts'
