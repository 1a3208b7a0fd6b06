import {
  AUTH_CALLBACK_INVALID,
  AUTH_LOGIN_REQUIRED,
  AUTH_TOKEN_REQUEST_FAILED,
  AuthError,
  isAuthError,
  type AuthClient,
  type AuthErrorCode,
  type AuthState,
} from '@lanyard/browser'

/** The client's actions, bound once per client so they are referentially stable. */
export interface AuthActions {
  loginWithRedirect: AuthClient['loginWithRedirect']
  loginWithPopup: AuthClient['loginWithPopup']
  logout: AuthClient['logout']
  getAccessToken: AuthClient['getAccessToken']
  fetch: AuthClient['fetch']
}

/**
 * Everything the provider, the hooks and the guard share for one client: a store over the
 * client's snapshot that can also show an error the client does not keep (a failed guard).
 */
export interface Binding {
  readonly client: AuthClient
  readonly actions: AuthActions
  subscribe(listener: () => void): () => void
  getSnapshot(): AuthState
  /** `client.start()` (which completes a callback in the URL), then reports its `appState`; once per client. */
  start(onRedirectCallback: (appState: unknown) => void): Promise<void>
  /** Silent refresh, then one redirect to login; at most one attempt per client snapshot. */
  requireLogin(): void
}

// Module level, keyed by the client: StrictMode's second mount, a remounted provider and a second
// provider for the same client all share one start and one guard attempt.
const bindings = new WeakMap<AuthClient, Binding>()

/** The {@link Binding} of `client`, created on first use (pure: no I/O, no globals). */
export function getBinding(client: AuthClient): Binding {
  let binding = bindings.get(client)
  if (!binding) bindings.set(client, (binding = createBinding(client)))
  return binding
}

const toAuthError = (error: unknown, code: AuthErrorCode): AuthError =>
  isAuthError(error)
    ? error
    : new AuthError(code, String((error as Error)?.message ?? error), { cause: error })

function createBinding(client: AuthClient): Binding {
  const listeners = new Set<() => void>()
  // An error shown with one particular client snapshot; the next snapshot drops it.
  let failure: { on: AuthState; state: AuthState } | undefined
  let started: Promise<void> | undefined
  let attempt: Promise<void> | undefined
  let attempted: AuthState | undefined
  // Whether the snapshot before the current one was signed in (a sign-out just happened).
  let seen: AuthState | undefined
  let fromSignedIn = false

  const notify = () => listeners.forEach((listener) => listener())

  // Keeps the client's semantics: an error is shown only while unauthenticated and only when the
  // client reports none of its own. Callers notify (once, with everything settled).
  const fail = (error: unknown, code: AuthErrorCode) => {
    const on = client.getSnapshot()
    if (on.status == 'unauthenticated' && !on.error) {
      failure = { on, state: Object.freeze({ ...on, error: toAuthError(error, code) }) }
    }
  }
  const report = (code: AuthErrorCode) => (error: unknown) => {
    fail(error, code)
    notify()
  }

  const run = async (onRedirectCallback: (appState: unknown) => void) => {
    // start() completes a callback in the URL (or relays a popup's to its opener) and stays
    // 'loading' until then, so a guard never acts on a signed-out state in between.
    await client.start().catch(report(AUTH_CALLBACK_INVALID))
    const result = client.takeRedirectResult()
    if (result) onRedirectCallback(result.appState)
  }

  const requireLogin = async () => {
    try {
      // A cached refresh token may still work; success makes the snapshot authenticated.
      await client.getAccessToken()
    } catch (error) {
      if (!isAuthError(error, AUTH_LOGIN_REQUIRED)) return report(AUTH_TOKEN_REQUEST_FAILED)(error)
      const returnTo = location.pathname + location.search + location.hash
      await client.loginWithRedirect({ appState: { returnTo } }).catch(report(AUTH_TOKEN_REQUEST_FAILED))
    }
  }

  return {
    client,
    actions: {
      loginWithRedirect: (options) => client.loginWithRedirect(options),
      loginWithPopup: (options) => client.loginWithPopup(options),
      logout: (options) => client.logout(options),
      getAccessToken: (options) => client.getAccessToken(options),
      fetch: (input, init) => client.fetch(input, init),
    },
    subscribe(listener) {
      listeners.add(listener)
      const off = client.subscribe(listener)
      return () => {
        listeners.delete(listener)
        off()
      }
    },
    getSnapshot() {
      const state = client.getSnapshot()
      if (state !== seen) {
        fromSignedIn = seen?.status == 'authenticated'
        seen = state
      }
      return failure?.on === state ? failure.state : state
    },
    start: (onRedirectCallback) => (started ??= run(onRedirectCallback)),
    requireLogin() {
      // One attempt at a time (StrictMode runs the effect twice) and none again for a snapshot
      // already tried: a failed attempt changes nothing, so it cannot loop.
      const on = client.getSnapshot()
      if (attempt || on === attempted) return
      attempted = on
      // Just signed out on purpose (here or in another tab): the provider session may still be
      // ending, and a redirect now could sign the user straight back in. Stay signed out; a
      // session that ended by itself (an error, e.g. AUTH_LOGIN_REQUIRED) still redirects.
      if (fromSignedIn && !on.error) return
      attempt = requireLogin().finally(() => {
        attempt = undefined
        attempted = client.getSnapshot()
      })
    },
  }
}
