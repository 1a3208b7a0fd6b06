export * from './errors.ts'
export { discover, parseIssuer, type DiscoverOptions } from './discovery.ts'
export {
  createContext,
  type AuthorizationServer,
  type ClientContext,
  type ContextOptions,
} from './context.ts'
export { isLoopback, type HttpOptions } from './http.ts'
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
  type TokenRequestOptions,
  type TokenSet,
} from './tokens.ts'
export { buildLogoutUrl, type LogoutUrlInput } from './logout.ts'
export { createDPoP, dpopThumbprint, generateDPoPKeyPair } from './dpop.ts'
export { dpopResourceRequest } from './resource.ts'
export { wrapError } from './wrap-error.ts'
