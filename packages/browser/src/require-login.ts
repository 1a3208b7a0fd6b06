import { AUTH_LOGIN_REQUIRED, isAuthError, misuse } from '@lanyard/core'
import type { AuthClient } from './auth-client.ts'
import type { AuthState } from './auth-state.ts'

/** What the login step needs of a client. */
export type LoginStepClient = Pick<
  AuthClient,
  'start' | 'getSnapshot' | 'getAccessToken' | 'loginWithRedirect'
>

/** Options of `requireLogin`. */
export interface RequireLoginOptions {
  /**
   * Where the login comes back to (`appState.returnTo`): a path or URL of this origin. Default: the
   * address bar. Router guards that run before the address bar changes (e.g. a React Router
   * `loader`) pass the URL being loaded.
   */
  returnTo?: string
}

/** The same-origin path of `returnTo` (default: the address bar); another origin is a misuse. */
function pathOf(returnTo: string | undefined): string {
  const url = new URL(returnTo ?? location.href, location.href)
  if (url.origin !== location.origin) {
    throw misuse(`requireLogin: returnTo must be on this origin (${location.origin}), got ${url.origin}`)
  }
  return url.pathname + url.search + url.hash
}

// Resolves never: the page is on its way to the provider, so nothing protected may render.
const leaving = () => new Promise<void>(() => {})

/**
 * Builds `requireLogin` for `client` (see `AuthClient.requireLogin`): signed in → resolves; else one
 * silent refresh, then one redirect with `appState.returnTo`. One attempt at a time, and none again
 * for a snapshot already tried, so neither StrictMode nor several guards nor a failing provider can
 * make it loop. `report` is told of a failure, so the client can show it in its snapshot.
 */
export function createRequireLogin(
  client: LoginStepClient,
  report: (error: unknown) => void,
): (options?: RequireLoginOptions) => Promise<void> {
  let attempt: Promise<void> | undefined
  let tried: { on: AuthState; outcome: Promise<void> } | undefined

  const loginStep = async (returnTo: string) => {
    try {
      // A cached refresh token may still work; success makes the snapshot authenticated.
      await client.getAccessToken()
      return
    } catch (error) {
      if (!isAuthError(error, AUTH_LOGIN_REQUIRED)) throw error
    }
    // (After an idle sign-out the login itself asks for the credentials: login.ts.)
    await client.loginWithRedirect({ appState: { returnTo } })
    return leaving()
  }

  return async (options = {}) => {
    const returnTo = pathOf(options.returnTo)
    await client.start()
    const state = client.getSnapshot()
    if (state.status === 'authenticated') return
    // A login that failed (AUTH_LOGIN_REQUIRED only means "sign in") is shown, never retried here.
    if (state.error && !isAuthError(state.error, AUTH_LOGIN_REQUIRED)) throw state.error
    if (attempt) return attempt
    if (tried?.on === state) return tried.outcome
    const outcome = loginStep(returnTo).catch((error: unknown) => {
      report(error)
      throw error
    })
    const settle = () => {
      attempt = undefined
      tried = { on: client.getSnapshot(), outcome }
    }
    attempt = outcome
    outcome.then(settle, settle)
    return outcome
  }
}
