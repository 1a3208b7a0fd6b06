import type { AuthClient } from '@lanyard/browser'

/** The client's actions, bound once per client so they are referentially stable. */
export interface AuthActions {
  loginWithRedirect: AuthClient['loginWithRedirect']
  loginWithPopup: AuthClient['loginWithPopup']
  logout: AuthClient['logout']
  getAccessToken: AuthClient['getAccessToken']
  fetch: AuthClient['fetch']
  keepAlive: AuthClient['keepAlive']
  reauthenticate: AuthClient['reauthenticate']
}

/** What the provider, the hooks and the guard share for one client. */
export interface Binding {
  readonly client: AuthClient
  readonly actions: AuthActions
  /** `client.start()` (which completes a callback in the URL), then reports its `appState`; once per client. */
  start(onRedirectCallback: (appState: unknown) => void): Promise<void>
}

// Module level, keyed by the client: StrictMode's second mount, a remounted provider and a second
// provider for the same client all share one start.
const bindings = new WeakMap<AuthClient, Binding>()

/** The {@link Binding} of `client`, created on first use (pure: no I/O, no globals). */
export function getBinding(client: AuthClient): Binding {
  let binding = bindings.get(client)
  if (!binding) bindings.set(client, (binding = createBinding(client)))
  return binding
}

function createBinding(client: AuthClient): Binding {
  let started: Promise<void> | undefined
  const run = async (onRedirectCallback: (appState: unknown) => void) => {
    // start() completes a callback in the URL and publishes any failure in its snapshot.
    await client.start()
    const result = client.takeRedirectResult()
    if (result) onRedirectCallback(result.appState)
  }
  return {
    client,
    actions: {
      loginWithRedirect: (options) => client.loginWithRedirect(options),
      loginWithPopup: (options) => client.loginWithPopup(options),
      logout: (options) => client.logout(options),
      getAccessToken: (options) => client.getAccessToken(options),
      fetch: (input, init) => client.fetch(input, init),
      keepAlive: () => client.keepAlive(),
      reauthenticate: (options) => client.reauthenticate(options),
    },
    start: (onRedirectCallback) => (started ??= run(onRedirectCallback)),
  }
}
