export { AuthProvider, type AuthProviderProps } from './auth-provider.ts'
export { useAuth, useAuthClient, type Auth } from './use-auth.ts'
export {
  RequireAuth,
  withAuthRequired,
  type RequireAuthProps,
  type WithAuthRequiredOptions,
} from './require-auth.ts'
export { restoreReturnTo } from './return-to.ts'
export type { AuthActions } from './binding.ts'
export type { AuthClient, AuthError, AuthState, User } from '@lanyard/browser'
