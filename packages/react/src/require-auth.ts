'use client'
import { AUTH_LOGIN_REQUIRED, isAuthError, type AuthStateError } from '@lanyard/browser'
import {
  Fragment,
  createElement,
  useEffect,
  type ComponentType,
  type FunctionComponent,
  type ReactElement,
  type ReactNode,
} from 'react'
import { useBinding } from './context.ts'
import { useAuthState } from './use-auth.ts'

/** Props of {@link RequireAuth}. */
export interface RequireAuthProps {
  children?: ReactNode
  /** Rendered while loading, refreshing or redirecting. Default: nothing. */
  fallback?: ReactNode
  /** Renders a failed login instead of redirecting again. Default: a `role="alert"` div. */
  onError?: (error: AuthStateError) => ReactNode
}

const defaultError = (error: AuthStateError) =>
  createElement('div', { role: 'alert' }, `${error.code ?? error.name}: ${error.message}`)

/**
 * Renders `children` only when signed in (not on a reload's hint alone: it waits for IndexedDB's
 * answer). Signed out, it first tries a silent refresh, then
 * redirects to login once with `appState.returnTo` = the current path. When login failed it renders
 * the error and stops, so a failing provider never causes a redirect loop.
 */
export function RequireAuth({
  children,
  fallback = null,
  onError = defaultError,
}: RequireAuthProps): ReactElement {
  const { client } = useBinding('RequireAuth')
  const state = useAuthState('RequireAuth')
  // AUTH_LOGIN_REQUIRED (the session ended) is what signing in fixes; anything else is a failure.
  const failed = state.error && !isAuthError(state.error, AUTH_LOGIN_REQUIRED) ? state.error : undefined
  // Signed out on purpose (here or in another tab) or for inactivity: the provider session may
  // live on, and a redirect now could sign the user straight back in. Stay signed out; the app's
  // fallback offers to sign in again (`reauthenticate()` asks for the credentials after idle).
  const mustLogin =
    state.status === 'unauthenticated' && !failed && state.reason !== 'logout' && state.reason !== 'idle'
  useEffect(() => {
    // The client's login step: one attempt per snapshot, so StrictMode is harmless; a failure
    // shows up in the snapshot (and so here).
    if (mustLogin) client.requireLogin().catch(() => {})
  }, [mustLogin, state, client])
  // A session shown from the tab's hint is not yet the disk's: the route waits for its answer.
  const signedIn = state.status === 'authenticated' && !state.hinted
  return createElement(Fragment, null, signedIn ? children : failed ? onError(failed) : fallback)
}

/** Options of {@link withAuthRequired}: those of {@link RequireAuth}. */
export type WithAuthRequiredOptions = Omit<RequireAuthProps, 'children'>

/** `Component` wrapped in {@link RequireAuth}. */
export function withAuthRequired<P extends object>(
  Component: ComponentType<P>,
  options: WithAuthRequiredOptions = {},
): FunctionComponent<P> {
  const Guarded: FunctionComponent<P> = (props) =>
    createElement(RequireAuth, options, createElement(Component, props))
  Guarded.displayName = `withAuthRequired(${Component.displayName || Component.name || 'Component'})`
  return Guarded
}
