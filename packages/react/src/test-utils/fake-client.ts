// A hand-driven AuthClient: a snapshot store plus spies, for tests of the bindings alone.
import {
  AUTH_LOGIN_REQUIRED,
  AuthError,
  LOADING,
  createRequireLogin,
  type AuthClient,
  type AuthState,
} from '@lanyard/browser'
import { vi } from 'vitest'

export interface FakeClient {
  client: AuthClient & {
    [K in keyof AuthClient]: AuthClient[K] extends (...args: infer A) => infer R
      ? AuthClient[K] & ReturnType<typeof vi.fn<(...args: A) => R>>
      : AuthClient[K]
  }
  /** Publishes a new snapshot (a fresh object each time unless `state` is the current one). */
  set(state: AuthState): void
  /** Notifies subscribers without changing the snapshot. */
  notify(): void
  listeners: Set<() => void>
}

/** A client whose `start()` resolves with `startsAs` (published first) and which is signed out by default. */
export function fakeClient(startsAs: AuthState = { status: 'unauthenticated' }): FakeClient {
  let state: AuthState = LOADING
  const listeners = new Set<() => void>()
  const set = (next: AuthState) => {
    state = next
    for (const listener of [...listeners]) listener()
  }
  const client = {
    start: vi.fn(async () => {
      if (state === LOADING) set(startsAs)
      return state
    }),
    stop: vi.fn(),
    getSnapshot: vi.fn(() => state),
    subscribe: vi.fn((listener: () => void) => {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    }),
    loginWithRedirect: vi.fn(async () => {}),
    handleRedirectCallback: vi.fn(async () => ({})),
    takeRedirectResult: vi.fn((): { appState?: unknown } | undefined => undefined),
    loginWithPopup: vi.fn(async () => undefined),
    getAccessToken: vi.fn(async (): Promise<string> => {
      throw new AuthError(AUTH_LOGIN_REQUIRED, 'not signed in')
    }),
    fetch: vi.fn(async () => new Response('ok')),
    getUser: vi.fn(() => state.user),
    getIdTokenClaims: vi.fn(() => undefined),
    getUserInfo: vi.fn(async () => ({ sub: 'alice' })),
    logout: vi.fn(async () => {}),
    keepAlive: vi.fn(async () => {}),
    reauthenticate: vi.fn(async () => undefined),
    // The real login step (the policy under test), over this fake's spies; a failure is shown
    // in the snapshot, as the real client does.
    requireLogin: vi.fn((): Promise<void> => requireLogin()),
  }
  const requireLogin = createRequireLogin(client, (error) => {
    if (state.status === 'unauthenticated' && !state.error) set({ ...state, error: error as AuthError })
  })
  return {
    client: client as FakeClient['client'],
    set,
    notify: () => listeners.forEach((listener) => listener()),
    listeners,
  }
}
