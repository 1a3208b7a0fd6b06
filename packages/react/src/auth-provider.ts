'use client'
import { restoreReturnTo, type AuthClient } from '@lanyard/browser'
import { createElement, useEffect, useRef, type ReactElement, type ReactNode } from 'react'
import { getBinding } from './binding.ts'
import { AuthContext } from './context.ts'

/** Props of {@link AuthProvider}. */
export interface AuthProviderProps {
  /** Created once, outside render (e.g. at module scope) with `createAuthClient`. */
  client: AuthClient
  /**
   * Called once after a redirect login completed, with the `appState` given to
   * `loginWithRedirect`. Default: {@link restoreReturnTo} (`appState.returnTo`, same origin only).
   */
  onRedirectCallback?: (appState: unknown) => void
  children?: ReactNode
}

/**
 * Makes `client` available to {@link useAuth} and {@link RequireAuth} and starts it: completes a
 * redirect callback in the URL (one code exchange, whatever StrictMode does) or restores the
 * session from the cache. The client is not stopped on unmount: it belongs to the app.
 */
export function AuthProvider({ client, onRedirectCallback, children }: AuthProviderProps): ReactElement {
  const binding = getBinding(client)
  // The latest callback, without restarting when an inline function changes identity.
  const callback = useRef(onRedirectCallback)
  useEffect(() => {
    callback.current = onRedirectCallback
  })
  // In an effect, never during render: the server and aborted renders start nothing. The binding
  // starts once per client, so StrictMode's second run is a no-op.
  useEffect(() => {
    void binding.start((appState) => (callback.current ?? restoreReturnTo)(appState))
  }, [binding])
  return createElement(AuthContext.Provider, { value: binding }, children)
}
