'use client'
export { AuthProvider, type AuthProviderProps } from './auth-provider.ts'
export { useAuth, useAuthClient, type Auth } from './use-auth.ts'
export {
  RequireAuth,
  withAuthRequired,
  type RequireAuthProps,
  type WithAuthRequiredOptions,
} from './require-auth.ts'
export type { AuthActions } from './binding.ts'
export { restoreReturnTo } from '@lanyard/browser'
export type { AuthClient, AuthError, AuthState, AuthStateError, User } from '@lanyard/browser'
