// `@lanyard/browser/testing`: an AuthClient for the tests of apps that use Lanyard. No network, no
// storage, no navigation, no timers, and no test framework (it works under Vitest, Jest, Mocha or
// in a Storybook story alike): the test drives the state and reads the recorded calls.
import { AUTH_LOGIN_REQUIRED, AuthError, type AuthErrorCode, type IdTokenClaims } from '@lanyard/core'
import type { AuthClient } from './auth-client.ts'
import type { AuthState, AuthStateError, SignedOutReason, User } from './auth-state.ts'
import { createRequireLogin } from './require-login.ts'
import { createStore } from './store.ts'

/** A user for the mock: the ID token's claims, `sub` required. */
export type MockUser = { readonly sub: string } & Readonly<Record<string, unknown>>

/** What {@link createMockAuthClient} starts from, and how its actions behave. */
export interface MockAuthClientOptions {
  /** Signed in as this user (status `'authenticated'` unless `status` says otherwise). */
  user?: MockUser | undefined
  /** Default: `'authenticated'` with a `user`, else `'unauthenticated'`. `'loading'` stays until you change it. */
  status?: AuthState['status'] | undefined
  /** The failure the snapshot shows: an `AuthError` (or what a login call threw), or just its code. */
  error?: AuthStateError | AuthErrorCode | undefined
  /** Why there is no session (`'logout'`, `'ended'`, `'expired'`, `'idle'`). */
  reason?: SignedOutReason | undefined
  /** Access-token expiry in epoch seconds when signed in. Default: an hour from now. */
  expiresAt?: number | undefined
  /** What `getAccessToken()` returns (and `fetch` sends) while signed in. Default `'mock-access-token'`. */
  accessToken?: string | undefined
  /** Who `loginWithPopup()`, `handleRedirectCallback()` and `signIn()` sign in. Default: `user`, else `{ sub: 'user' }`. */
  loginAs?: MockUser | undefined
  /** Answers `auth.fetch` (there is no network): gets the request with its `Authorization` header. Default: a 501. */
  fetch?: ((request: Request) => Response | Promise<Response>) | undefined
  /** What `takeRedirectResult()` returns once, as after a redirect login (`AuthProvider` passes its `appState` to `onRedirectCallback`). */
  redirectResult?: { appState?: unknown } | undefined
}

/** The client methods the mock records. */
export type MockRecordedMethod =
  | 'start'
  | 'stop'
  | 'loginWithRedirect'
  | 'handleRedirectCallback'
  | 'requireLogin'
  | 'loginWithPopup'
  | 'getAccessToken'
  | 'getUserInfo'
  | 'fetch'
  | 'logout'
  | 'keepAlive'
  | 'reauthenticate'

/** The methods {@link MockAuthClient.failNext} can make fail. */
export type MockFailableMethod = Exclude<MockRecordedMethod, 'start' | 'stop'>

/** One recorded call: the method and the arguments it was given. */
export type MockCall = {
  [M in MockRecordedMethod]: { readonly method: M; readonly args: Parameters<AuthClient[M]> }
}[MockRecordedMethod]

/** An `AuthClient` whose state the test sets and whose calls it reads. */
export interface MockAuthClient extends AuthClient {
  /** Every call of a recorded method, oldest first (the guard's own calls included). */
  readonly calls: readonly MockCall[]
  /** The arguments of each call of `method`, oldest first. */
  callsTo<M extends MockRecordedMethod>(method: M): Parameters<AuthClient[M]>[]
  /** Publishes this state as it is (subscribers are told). */
  setState(state: AuthState): void
  /** Signed in as `user` (default: `loginAs`), with a fresh hour before expiry. */
  signIn(user?: MockUser): void
  /**
   * Signed out, saying why: `'logout'` (a sign-out here or in another tab), `'ended'` (the provider
   * refused the refresh: the snapshot carries `AUTH_LOGIN_REQUIRED`, as the real client's does),
   * `'expired'`, `'idle'`; none for a plain first visit.
   */
  signOut(reason?: SignedOutReason): void
  /** The last attempt failed: signed out, the snapshot showing `error` (or an `AuthError` with that code). */
  fail(error: AuthStateError | AuthErrorCode): void
  /** The next call of `method` rejects with `error` (or an `AuthError` with that code); the state is left as it is. */
  failNext(method: MockFailableMethod, error: Error | AuthErrorCode): void
}

const DEFAULT_USER: MockUser = Object.freeze({ sub: 'user' })
const MOCK_ISSUER = 'https://mock.lanyard.invalid/'
const MOCK_CLIENT_ID = 'mock-client'
const HOUR = 3600

const nowSeconds = () => Math.floor(Date.now() / 1000)

function misuse(code: 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE', message: string): TypeError {
  return Object.assign(new TypeError(`createMockAuthClient: ${message}`), { code })
}

function checkedUser(user: MockUser, name: string): User {
  if (typeof user !== 'object' || user === null || typeof user.sub !== 'string' || user.sub === '') {
    throw misuse('ERR_INVALID_ARG_TYPE', `${name} must be an object with a non-empty string "sub"`)
  }
  return Object.freeze({ ...user })
}

/** An `AuthError` for a bare code, else the error as given. */
function asError<E extends Error>(error: E | AuthErrorCode): E | AuthError {
  return typeof error === 'string' ? new AuthError(error, `Simulated ${error} (createMockAuthClient)`) : error
}

function initialState(options: MockAuthClientOptions, user: User | undefined, loginAs: User): AuthState {
  const status = options.status ?? (user ? 'authenticated' : 'unauthenticated')
  if (user && status !== 'authenticated') {
    throw misuse('ERR_INVALID_ARG_VALUE', `a user is signed in: status "${status}" contradicts it`)
  }
  return {
    status,
    ...(status === 'authenticated' && {
      user: user ?? loginAs,
      expiresAt: options.expiresAt ?? nowSeconds() + HOUR,
    }),
    ...(options.reason && { reason: options.reason }),
    ...(options.error && { error: asError(options.error) }),
  }
}

/**
 * An `AuthClient` for tests, with no network, no storage and no navigation. Its state is what the
 * options say (signed in when given a `user`), and the test changes it with `setState`, `signIn`,
 * `signOut` and `fail`. `getAccessToken()` returns a fake token when signed in and throws
 * `AUTH_LOGIN_REQUIRED` otherwise; `requireLogin()` is the real guard policy; `loginWithPopup` and
 * `handleRedirectCallback` sign in, `logout` signs out, `loginWithRedirect` only records (the page
 * would leave); every call is in `calls`. `failNext` makes any action reject with any error code.
 *
 * @example render(<AuthProvider client={createMockAuthClient({ user: { sub: 'alice' } })}><Profile /></AuthProvider>)
 */
export function createMockAuthClient(options: MockAuthClientOptions = {}): MockAuthClient {
  const user = options.user && checkedUser(options.user, 'user')
  const loginAs = options.loginAs ? checkedUser(options.loginAs, 'loginAs') : (user ?? DEFAULT_USER)
  const store = createStore<AuthState>(initialState(options, user, loginAs))
  const accessToken = options.accessToken ?? 'mock-access-token'
  const answer =
    options.fetch ?? (() => new Response('createMockAuthClient: no fetch handler given', { status: 501 }))
  let redirectResult = options.redirectResult
  const calls: MockCall[] = []
  const failures = new Map<MockFailableMethod, unknown[]>()
  const claims = new WeakMap<User, IdTokenClaims>()

  const record = <M extends MockRecordedMethod>(method: M, args: Parameters<AuthClient[M]>) => {
    calls.push({ method, args } as MockCall)
    const queued = failures.get(method as MockFailableMethod)
    if (queued?.length) throw queued.shift()
  }
  // Records the call, then rejects with a queued failure or runs `act`.
  const action =
    <M extends MockFailableMethod>(method: M, act: (...args: Parameters<AuthClient[M]>) => unknown) =>
    async (...args: Parameters<AuthClient[M]>) => {
      record(method, args)
      return act(...args)
    }

  const set = (state: AuthState) => store.set(state)
  const signIn = (who?: MockUser) =>
    set({
      status: 'authenticated',
      user: who ? checkedUser(who, 'user') : loginAs,
      expiresAt: nowSeconds() + HOUR,
    })
  const signOut = (reason?: SignedOutReason) =>
    set({
      status: 'unauthenticated',
      ...(reason && { reason }),
      // The real client's snapshot says why an ended session must sign in again.
      ...(reason === 'ended' && {
        error: new AuthError(AUTH_LOGIN_REQUIRED, 'The session ended (createMockAuthClient)'),
      }),
    })
  const signedIn = () => store.getSnapshot().status === 'authenticated'
  const token = () => {
    if (!signedIn()) throw new AuthError(AUTH_LOGIN_REQUIRED, 'Not signed in (createMockAuthClient)')
    return accessToken
  }

  const start = async () => {
    record('start', [])
    return store.getSnapshot()
  }
  const getAccessToken = action('getAccessToken', token) as AuthClient['getAccessToken']
  let lastAppState: { appState?: unknown } | undefined
  const loginWithRedirect = action('loginWithRedirect', (login) => {
    lastAppState = { appState: login?.appState }
  }) as AuthClient['loginWithRedirect']
  // The real guard policy, over this mock's recorded methods; a failure shows in the snapshot.
  const requireLogin = createRequireLogin(
    { start, getSnapshot: store.getSnapshot, getAccessToken, loginWithRedirect },
    (error) => {
      const shown = store.getSnapshot()
      if (shown.status === 'unauthenticated' && !shown.error)
        set({ ...shown, error: error as AuthStateError })
    },
  )

  const popupLogin = () => {
    signIn()
    return store.getSnapshot().user
  }

  return {
    start,
    stop: () => void record('stop', []),
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    loginWithRedirect,
    handleRedirectCallback: action('handleRedirectCallback', () => {
      signIn()
      const result = lastAppState ?? {}
      lastAppState = undefined
      return result
    }) as AuthClient['handleRedirectCallback'],
    takeRedirectResult() {
      const result = redirectResult
      redirectResult = undefined
      return result
    },
    requireLogin: action('requireLogin', requireLogin) as AuthClient['requireLogin'],
    loginWithPopup: action('loginWithPopup', popupLogin) as AuthClient['loginWithPopup'],
    // Recorded only: the mock has no idle or session-end timers to move.
    keepAlive: action('keepAlive', () => {}) as AuthClient['keepAlive'],
    // The same user signs in again, as `loginWithPopup` (a test can `signIn(other)` to switch).
    reauthenticate: action('reauthenticate', popupLogin) as AuthClient['reauthenticate'],
    getAccessToken,
    fetch: action('fetch', (input, init) => {
      const authorization = `Bearer ${token()}`
      const base = typeof location === 'undefined' ? undefined : location.href
      const request = new Request(input instanceof Request ? input : new URL(String(input), base), init)
      request.headers.set('authorization', authorization)
      return answer(request)
    }) as AuthClient['fetch'],
    getUser: () => store.getSnapshot().user,
    // The signed-in user's claims, as the UserInfo endpoint would answer (its `sub` is the user's).
    getUserInfo: action('getUserInfo', () => {
      token()
      return { ...store.getSnapshot().user! }
    }) as AuthClient['getUserInfo'],
    getIdTokenClaims() {
      const user = store.getSnapshot().user
      if (!user) return undefined
      let idToken = claims.get(user)
      if (!idToken) {
        const iat = nowSeconds()
        const fields = { iss: MOCK_ISSUER, aud: MOCK_CLIENT_ID, iat, exp: iat + HOUR, ...user }
        claims.set(user, (idToken = Object.freeze(fields) as IdTokenClaims))
      }
      return idToken
    },
    logout: action('logout', () => signOut('logout')) as AuthClient['logout'],
    calls,
    callsTo: <M extends MockRecordedMethod>(method: M) =>
      calls.filter((call) => call.method === method).map((call) => call.args as Parameters<AuthClient[M]>),
    setState: set,
    signIn,
    signOut,
    fail: (error) => {
      const shown = store.getSnapshot()
      set({
        status: 'unauthenticated',
        ...(shown.status === 'unauthenticated' && shown.reason && { reason: shown.reason }),
        error: asError(error),
      })
    },
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), asError(error)])
    },
  }
}
