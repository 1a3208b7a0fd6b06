import type { AuthClient } from './auth-client.ts'
import type { AuthState, User } from './auth-state.ts'
import type { Channel } from './channel.ts'
import type { ClientStorage } from './client-storage.ts'
import type { LoginActions } from './login.ts'
import type { ResolvedOptions } from './options.ts'
import type { ProviderLink } from './provider-link.ts'
import type { SessionTimers } from './session-timers.ts'
import type { Session } from './session.ts'
import type { TokenSource } from './token-source.ts'

/** The lifecycle fields of an authenticated snapshot: the warnings that are on. */
export type LifecycleFields = Pick<AuthState, 'idleExpiresAt' | 'sessionExpiresAt'>

/** What happens between login and logout: wake, re-login, and the optional session timers. */
export interface SessionLifecycle {
  /** The snapshot's lifecycle fields (the session's `annotate` hook). */
  annotate(): LifecycleFields | undefined
  /** A session was published (the session's `onPublish` hook). */
  onPublish(): void
  /** The session was dropped, here or in another tab (the session's `onDrop` hook). */
  onDrop(): void
  /** Attaches the listeners and timers (`start()`); returns what detaches them (`stop()`). */
  attach(): () => void
  keepAlive: AuthClient['keepAlive']
  reauthenticate: AuthClient['reauthenticate']
}

/** What the lifecycle needs from the client. */
export interface SessionLifecycleDeps {
  options: ResolvedOptions
  session: Session
  tokens: TokenSource
  channel: Channel<{ type?: unknown }>
  storage: () => ClientStorage
  provider: ProviderLink
  login: Pick<LoginActions, 'loginWithPopup'>
}

/** When a page may have slept or been cut off: shown again, back from the bfcache, online again. */
const WAKE_EVENTS = ['visibilitychange', 'pageshow', 'online']

/** Creates the {@link SessionLifecycle} of one client; nothing runs until `attach()`. */
export function createSessionLifecycle(deps: SessionLifecycleDeps): SessionLifecycle {
  const { options, session, tokens } = deps
  const { store } = session
  let timers: SessionTimers | undefined
  let lastUser: User | undefined

  // A stale token is refreshed on waking, before the app's next call needs it (one request across
  // tabs: the refresh lock); a fresh one costs nothing. A page's first `pageshow` is no wake: a
  // page load restores from the cache with no request.
  const wake = (event: Event) => {
    const firstShow = (event as PageTransitionEvent).persisted === false
    if (!document.hidden && !firstShow && store.getSnapshot().status === 'authenticated') {
      void tokens.token().catch(() => {})
    }
  }

  return {
    annotate: () => timers?.fields,
    onPublish() {
      lastUser = session.user()
      timers?.onPublish()
    },
    onDrop: () => timers?.onDrop(),
    attach() {
      // The timers' listeners come first: a page woken past its idle time signs out, no refresh.
      timers = options.sessionTimers?.start(deps)
      for (const type of WAKE_EVENTS) addEventListener(type, wake, true)
      return () => {
        timers?.stop()
        timers = undefined
        for (const type of WAKE_EVENTS) removeEventListener(type, wake, true)
      }
    },
    async keepAlive() {
      timers?.keepAlive()
      // A refresh moves a sliding session's end (e.g. Keycloak's SSO Session Idle).
      if (store.getSnapshot().sessionExpiresAt) await tokens.token({ cacheMode: 'off' })
    },
    reauthenticate(popupOptions = {}) {
      const hint = lastUser?.preferred_username ?? lastUser?.email
      return deps.login.loginWithPopup({
        ...popupOptions,
        authorizationParams: {
          ...(typeof hint === 'string' && { login_hint: hint }),
          ...popupOptions.authorizationParams,
        },
      })
    },
  }
}
