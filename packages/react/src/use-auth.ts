'use client'
import { LOADING, type AuthClient, type AuthState, type User } from '@lanyard/browser'
import { useMemo, useSyncExternalStore } from 'react'
import type { AuthActions } from './binding.ts'
import { useBinding } from './context.ts'

/** What {@link useAuth} returns: the auth state plus the client's actions. */
export interface Auth extends AuthActions {
  status: AuthState['status']
  isLoading: boolean
  isAuthenticated: boolean
  user: User | undefined
  /** Why the last attempt failed: an `AuthError`, or the misuse `TypeError` itself. */
  error: AuthState['error']
  /** Access-token expiry, epoch seconds (for a countdown; `getAccessToken()` refreshes by itself). */
  expiresAt: number | undefined
  /** Why there is no session (`'logout'`, `'ended'`, `'idle'`, …), when one went away. */
  reason: AuthState['reason']
  /** While the idle warning is on (`sessionTimers`): when the idle sign-out comes, epoch s. */
  idleExpiresAt: number | undefined
  /** While the session-end warning is on (`sessionTimers`): when the session ends, epoch s. */
  sessionExpiresAt: number | undefined
}

// The server (and hydration) always renders the loading state.
const serverSnapshot = () => LOADING

/** The current {@link AuthState} of the nearest provider; re-renders only when it changes. */
export function useAuthState(caller = 'useAuthState'): AuthState {
  const { client } = useBinding(caller)
  return useSyncExternalStore(client.subscribe, client.getSnapshot, serverSnapshot)
}

/**
 * The auth state and actions of the nearest `<AuthProvider>`. The object changes only when the
 * state does, and its functions never change, so it is safe in dependency arrays.
 */
export function useAuth(): Auth {
  const { actions } = useBinding('useAuth')
  const state = useAuthState('useAuth')
  return useMemo(
    () => ({
      status: state.status,
      isLoading: state.status === 'loading',
      isAuthenticated: state.status === 'authenticated',
      user: state.user,
      error: state.error,
      expiresAt: state.expiresAt,
      reason: state.reason,
      idleExpiresAt: state.idleExpiresAt,
      sessionExpiresAt: state.sessionExpiresAt,
      ...actions,
    }),
    [state, actions],
  )
}

/** The provider's client itself, for what the hook does not cover (`getUser`, `getIdTokenClaims`, …). */
export function useAuthClient(): AuthClient {
  return useBinding('useAuthClient').client
}
