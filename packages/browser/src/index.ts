export { createAuthClient } from './client.ts'
export type {
  AuthClient,
  GetAccessTokenOptions,
  LogoutOptions,
  PopupLoginOptions,
  RedirectLoginOptions,
} from './auth-client.ts'
export type { AuthClientOptions } from './options.ts'
export type { DPoPSupport } from './dpop.ts'
export { sessionTimers, type SessionTimersSupport } from './session-timers.ts'
export type { UserInfoSupport } from './user-info.ts'
export {
  LOADING,
  type AuthState,
  type AuthStateError,
  type SignedOutReason,
  type User,
} from './auth-state.ts'
export { createRequireLogin, type LoginStepClient, type RequireLoginOptions } from './require-login.ts'
export { restoreReturnTo } from './return-to.ts'
export {
  AuthError,
  isAuthError,
  AUTH_CONFIG_INVALID,
  AUTH_DISCOVERY_FAILED,
  AUTH_AUTHORIZATION_ERROR,
  AUTH_STATE_MISMATCH,
  AUTH_TRANSACTION_MISSING,
  AUTH_CALLBACK_INVALID,
  AUTH_TOKEN_REQUEST_FAILED,
  AUTH_INVALID_RESPONSE,
  AUTH_NETWORK_ERROR,
  AUTH_TIMEOUT,
  AUTH_LOGIN_REQUIRED,
  AUTH_POPUP_BLOCKED,
  AUTH_POPUP_CLOSED,
  AUTH_STORAGE_UNAVAILABLE,
  type AuthErrorCode,
  type IdTokenClaims,
  type UserInfo,
} from '@lanyard/core'
