import { AUTH_LOGIN_REQUIRED, isAuthError, type AuthError } from '@lanyard/browser'
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
  onError?: (error: AuthError) => ReactNode
}

const defaultError = (error: AuthError) =>
  createElement('div', { role: 'alert' }, `${error.code}: ${error.message}`)

/**
 * Renders `children` only when signed in. Signed out, it first tries a silent refresh, then
 * redirects to login once with `appState.returnTo` = the current path. When login failed it renders
 * the error and stops, so a failing provider never causes a redirect loop.
 */
export function RequireAuth({
  children,
  fallback = null,
  onError = defaultError,
}: RequireAuthProps): ReactElement {
  const binding = useBinding('RequireAuth')
  const state = useAuthState('RequireAuth')
  // AUTH_LOGIN_REQUIRED (the session ended) is what signing in fixes; anything else is a failure.
  const failed = state.error && !isAuthError(state.error, AUTH_LOGIN_REQUIRED) ? state.error : undefined
  const signedOut = state.status == 'unauthenticated' && !failed
  useEffect(() => {
    if (signedOut) binding.requireLogin() // at most once per snapshot, so StrictMode is harmless
  }, [signedOut, state, binding])
  return createElement(
    Fragment,
    null,
    state.status == 'authenticated' ? children : failed ? onError(failed) : fallback,
  )
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
