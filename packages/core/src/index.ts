export * from './errors.ts'
export { discover, type DiscoverOptions } from './discovery.ts'
export { parseIssuer, parseUrl, isLoopback, isSecureUrl } from './url.ts'
export { checkMetadata } from './metadata.ts'
export { prefetchJwks } from './jwks.ts'
export {
  createContext,
  type AuthorizationServer,
  type ClientContext,
  type ContextOptions,
  type JwksCache,
} from './context.ts'
export type { HttpOptions } from './http.ts'
export { normalizeScope } from './scope.ts'
export type { Transaction } from './transaction.ts'
export {
  createAuthorizationRequest,
  type AuthorizationParams,
  type AuthorizationRequestInput,
} from './authorize.ts'
export {
  readCallbackState,
  validateCallback,
  isValidatedCallback,
  type ValidatedCallback,
} from './callback.ts'
export {
  exchangeCode,
  refreshTokens,
  revokeToken,
  type DPoPHandle,
  type IdTokenClaims,
  type RefreshOptions,
  type TokenRequestOptions,
  type TokenSet,
} from './tokens.ts'
export { isAccessTokenForAnotherAudience } from './audience.ts'
export { buildLogoutUrl, type LogoutUrlInput } from './logout.ts'
export { createDPoP, generateDPoPKeyPair } from './dpop.ts'
export { dpopResourceRequest } from './resource.ts'
