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
  prefetchJwks,
  refreshTokens,
  revokeToken,
} from '@lanyard/core'
