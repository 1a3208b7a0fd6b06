// The protocol: oauth4webapi and @lanyard/core's token calls, in a chunk of its own. Reached only
// through load-protocol.ts (a dynamic import), so a signed-in page whose cached token is still
// valid never downloads it; login, the callback, refresh and logout load it when they start.
export {
  buildLogoutUrl,
  createAuthorizationRequest,
  createContext,
  discover,
  exchangeCode,
  isAccessTokenForAnotherAudience,
  issuerMatches,
  prefetchJwks,
  refreshTokens,
  revokeGrant,
  validateCallback,
} from '@lanyard/core'
// What a login and a refresh ask for: needed only with the protocol, so it rides with it.
export { loginScope, otherTokenScope, sessionRefreshScope } from './requested-scope.ts'
