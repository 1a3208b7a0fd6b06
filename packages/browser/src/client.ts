import { misuse, type IdTokenClaims } from '@lanyard/core'
import type { AuthClient } from './auth-client.ts'
import type { AuthState } from './auth-state.ts'
import { createAuthorizedFetch } from './authorized-fetch.ts'
import { createChannel } from './channel.ts'
import { createClientStorage, lazy } from './client-storage.ts'
import { prefetchProtocol } from './load-protocol.ts'
import { createLogin, originRoot } from './login.ts'
import { cleanLogoutReturn, createLogout } from './logout.ts'
import { resolveOptions, type AuthClientOptions } from './options.ts'
import { createProviderLink } from './provider-link.ts'
import { createRedirectCallback, isCallbackAt, type RedirectResult } from './redirect-callback.ts'
import { createRequireLogin } from './require-login.ts'
import { createSession, type CrossTabMessage } from './session.ts'
import { endedIdle } from './idle-marker.ts'
import { createSessionHints } from './session-hint.ts'
import { createSessionLifecycle } from './session-lifecycle.ts'
import { createTokenSource } from './token-source.ts'
import { whenIdle } from './when-idle.ts'

export type {
  AuthClient,
  GetAccessTokenOptions,
  LogoutOptions,
  PopupLoginOptions,
  RedirectLoginOptions,
} from './auth-client.ts'

/**
 * Creates a Lanyard client. No side effects: nothing is fetched, stored or listened to until
 * `start()` or an action is called, so it is safe to create at module scope (and on the server).
 */
export function createAuthClient(clientOptions: AuthClientOptions): AuthClient {
  const options = resolveOptions(clientOptions)
  // Storage is created on first use.
  const storage = lazy(() => createClientStorage(options))
  const provider = createProviderLink(options, storage)
  const channel = createChannel<CrossTabMessage>(`lanyard:${options.issuer}:${options.clientId}`)
  const session = createSession(options, storage, channel, {
    onPublish(record, onDisk) {
      tokens.schedule(record)
      lifecycle.onPublish()
      // What a reload of this tab shows at once; not when the disk it reads lacks the tokens.
      if (!onDisk) hints?.clear()
      else hints?.write({ user: session.user(), expiresAt: record.expires_at, deadAt: tokens.deadAt(record) })
    },
    onDrop() {
      tokens.stopTimer()
      lifecycle.onDrop()
      hints?.clear()
    },
    // No session shown (whatever the cause: a sign-out, a failed start, nothing stored): no hint.
    onSignedOut: () => hints?.clear(),
    onSignedOutElsewhere: () => provider.forgetProof(),
    annotate: () => lifecycle.annotate(),
  })
  // Per session key (issuer, client, audience, scope): a deploy that changes them shows no hint.
  const hints = options.sessionHint ? createSessionHints(session.mainKey, session.name) : undefined
  const callback = createRedirectCallback(session, storage, provider, provider.warnIfNotBound)
  let started: Promise<AuthState> | undefined
  let detach: (() => void)[] = []
  let redirectResult: RedirectResult | undefined
  // Tokens wait for the disk's answer, not for a hint's snapshot.
  let restoredAfterHint: Promise<void> | undefined

  const run = async (): Promise<AuthState> => {
    const redirectUri = options.redirectUri ?? originRoot()
    // A reload shows this tab's hint first, at once; the read below has the last word. (An opaque
    // origin has no redirect URI to compare with: no hint; the callback check below says why.)
    const hinted = !isCallbackAtSafe(redirectUri) && session.show(hints?.read())
    // The session's read goes first (another tab may answer sooner): the snapshot waits for nothing else.
    const restoring = session.restore()
    restoring.catch(() => {}) // handled below
    try {
      detach.push(channel.listen(session.onMessage), lifecycle.attach())
      cleanLogoutReturn()
    } catch (failure) {
      // start() fails: a hint shown must not stay as if it were a session.
      if (hinted) session.publish(undefined, { error: failure as AuthState['error'] })
      throw failure
    }
    let error: unknown
    try {
      const outcome = await callback.fromAddressBar(redirectUri)
      if (outcome.kind === 'relayed') return session.store.getSnapshot()
      if (outcome.kind === 'completed') redirectResult = outcome.result
      if (outcome.kind === 'failed') error = outcome.error
    } catch (failure) {
      error = failure
    }
    if (hinted) {
      restoredAfterHint = restored(restoring, error).catch(() => {})
      return session.store.getSnapshot()
    }
    await restored(restoring, error)
    return session.store.getSnapshot()
  }
  // (An unusable redirect URI throws there, inside the start-up's error handling.)
  const isCallbackAtSafe = (redirectUri: string) => {
    try {
      return isCallbackAt(location.href, redirectUri)
    } catch {
      return true
    }
  }
  // What start-up shows once the disk (or another tab) answered, unless a callback was completed.
  const restored = async (restoring: Promise<unknown>, error: unknown) => {
    // A replayed callback (reload, back button) never harms a valid session: it is ignored when
    // signed in, and reported otherwise, in one step so nobody sees "signed out" without why.
    if (!redirectResult) {
      try {
        await restoring
      } catch (failure) {
        error ??= failure
      }
      // The memory copy, not the read: another tab may have signed in meanwhile (say, from this
      // very callback) or out, and its news is newer than a read begun before the callback.
      const record = session.cached(session.mainKey)
      // A session that expired with no refresh token is over: said so, and removed.
      if (record && tokens.isDead(record)) await session.end('expired').catch(() => {})
      else if (record) session.publish(record, {})
      else if (error) session.publish(undefined, { error: error as AuthState['error'] })
      // Signed out for inactivity in an earlier page: said so, so that no guard signs back in. Else
      // what another tab said meanwhile (e.g. it signed out) stays: it is newer than the read.
      else
        session.publish(undefined, endedIdle(session.name) ? { reason: 'idle' } : session.store.getSnapshot())
    }
    // Hints off (a deploy, or a setting that rules them out): the claims an earlier page of this
    // tab left must not stay. When idle: a page's first sessionStorage use blocks it for ms.
    if (!hints) whenIdle(() => createSessionHints(session.mainKey, session.name).clear())
    void storage()
      .transactions.sweep()
      .catch(() => {})
    // Published without the protocol; it loads when the page is idle, for the next refresh or login.
    prefetchProtocol()
  }
  const start = () => {
    if (started) return started
    // `started` is set before run() shows a hint: a subscriber that calls back in (a token, the
    // guard) joins this start-up instead of beginning a second one.
    let begin!: (run: Promise<AuthState>) => void
    started = new Promise<AuthState>((resolve) => (begin = resolve))
    begin(run())
    return started
  }

  const restoredSession = async () => {
    const state = await start()
    await restoredAfterHint
    return state
  }
  const tokens = createTokenSource({
    options,
    session,
    provider,
    start: restoredSession,
    isStarted: () => !!started,
  })
  const login = createLogin({ options, session, storage, provider, callback })
  const lifecycle = createSessionLifecycle({ options, session, tokens, channel, storage, provider, login })
  // A fresh token in memory is answered without another async step: this is every API call's path.
  const getAccessToken: AuthClient['getAccessToken'] = async (tokenOptions) =>
    (tokens.fresh(tokenOptions) ?? (await tokens.token(tokenOptions))).access_token

  // A failed login step is shown in the snapshot, unless it already shows why there is no session.
  const reportLoginFailure = (error: unknown) => {
    const shown = session.store.getSnapshot()
    if (shown.status === 'unauthenticated' && !shown.error) {
      session.publish(undefined, { error: error as AuthState['error'], reason: shown.reason })
    }
  }

  return {
    start,
    stop() {
      for (const off of detach) off()
      detach = []
      tokens.stopTimer()
      channel.close()
      started = undefined
    },
    getSnapshot: session.store.getSnapshot,
    subscribe: session.store.subscribe,
    loginWithRedirect: login.loginWithRedirect,
    handleRedirectCallback: callback.handle,
    takeRedirectResult() {
      const result = redirectResult
      redirectResult = undefined
      return result
    },
    requireLogin: createRequireLogin(
      {
        // A guard lets a route through on the disk's answer, never on a hint alone.
        start: restoredSession,
        getSnapshot: session.store.getSnapshot,
        getAccessToken,
        loginWithRedirect: login.loginWithRedirect,
      },
      reportLoginFailure,
    ),
    loginWithPopup: login.loginWithPopup,
    getAccessToken,
    fetch: createAuthorizedFetch(tokens, provider, options.resources),
    getUser: session.user,
    getIdTokenClaims: () => session.user() as IdTokenClaims | undefined,
    async getUserInfo() {
      if (!options.userInfo) throw misuse('pass userInfo')
      return options.userInfo.get(tokens, provider, options.timeouts.httpMs)
    },
    logout: createLogout({ options, session, storage, provider }),
    keepAlive: lifecycle.keepAlive,
    reauthenticate: lifecycle.reauthenticate,
  }
}
