export * from './errors'
export { discover, parseIssuer, type DiscoverOptions } from './discovery'
export { createContext, type AuthorizationServer, type ClientContext, type ContextOptions } from './context'
export { isLoopback, type HttpOptions } from './http'
export { normalizeScope } from './scope'
export type { Transaction } from './transaction'
export {
  createAuthorizationRequest,
  type AuthorizationParams,
  type AuthorizationRequestInput,
} from './authorize'
export { readCallbackState, validateCallback, isValidatedCallback, type ValidatedCallback } from './callback'
export {
  exchangeCode,
  refreshTokens,
  revokeToken,
  type DPoPHandle,
  type IdTokenClaims,
  type TokenRequestOptions,
  type TokenSet,
} from './tokens'
export { buildLogoutUrl, type LogoutUrlInput } from './logout'
export { createStore, type Store } from './store'
export { createDPoP, generateDPoPKeyPair } from './dpop'
export { wrapError } from './wrap-error'
