import { markIdleSignOut } from './idle-marker.ts'
import { createLogout } from './logout.ts'
import { sessionEndOf } from './session-end.ts'
import type { LifecycleFields, SessionLifecycleDeps } from './session-lifecycle.ts'

/** The timed part of the session lifecycle in a started client. */
export interface SessionTimers {
  /** The warnings that are on: the authenticated snapshot's lifecycle fields. */
  readonly fields: LifecycleFields
  /** A session was published (idle time counts from the first one). */
  onPublish(): void
  /** The session was dropped, here or in another tab. */
  onDrop(): void
  /** Activity here, told to the other tabs at once (`auth.keepAlive()`). */
  keepAlive(): void
  /** Removes the listeners and the clock. */
  stop(): void
}

/** What `createAuthClient({ sessionTimers })` takes: see {@link sessionTimers}. */
export interface SessionTimersSupport {
  start(deps: SessionLifecycleDeps): SessionTimers
}

/**
 * A tab tells the others about its activity at most this often. Another tab's activity counts as
 * if it were this much later, so the tab that saw the last activity is always the first to time
 * out (throttled news never signs anyone out early), and the others follow its broadcast.
 */
export const ACTIVITY_SHARE_MS = 5_000
/** What counts as activity: pointer, keys, wheel, focus, the page shown again. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'focus', 'visibilitychange']
// Listeners that cost nothing (passive) and that no handler can hide (capture).
const QUIET = { passive: true, capture: true }

/**
 * Idle sign-out (`idleTimeoutSeconds`) and the warnings before it and before the session's end
 * (`sessionExpiresAt`, when the provider says when the refresh token expires), for
 * `createAuthClient({ sessionTimers })`. Imported explicitly so that apps without them don't ship
 * them (the `<script>` build includes them).
 */
export const sessionTimers: SessionTimersSupport = { start: startSessionTimers }

function startSessionTimers(deps: SessionLifecycleDeps): SessionTimers {
  const { options, session, channel } = deps
  const timeoutMs = (options.idleTimeoutSeconds ?? 0) * 1000
  const warningMs = (options.warningSeconds ?? 60) * 1000
  // At most half the timeout, so that activity always ends an idle warning.
  const idleWarningMs = Math.min(warningMs, timeoutMs / 2)
  // `logout()` with its own reason: revokes and clears every tab; federated only when configured.
  const logout = createLogout({
    ...deps,
    session: { ...session, end: (_reason, error) => session.end('idle', error) },
  })
  let fields: LifecycleFields = {}
  /** When the idle time runs out, epoch ms; 0 while not counting. */
  let deadline = 0
  let sharedAt = 0

  // Once a second (and on activity): signs out when the idle time ran out, else shows the
  // warnings that are on. Timers drift through a laptop's sleep; the clock does not.
  const tick = () => {
    const record = session.cached(session.mainKey)
    if (!record || session.store.getSnapshot().status !== 'authenticated') return
    const now = Date.now()
    if (deadline && now >= deadline) {
      deadline = 0
      markIdleSignOut(session.name)
      return void logout({ federated: false, ...options.idleLogout }).catch(() => {})
    }
    const endAt = (sessionEndOf(record) ?? 0) * 1000
    const shown = fields
    fields = {
      idleExpiresAt: deadline && now >= deadline - idleWarningMs ? Math.ceil(deadline / 1000) : undefined,
      sessionExpiresAt: endAt && now >= endAt - warningMs ? endAt / 1000 : undefined,
    }
    const { idleExpiresAt, sessionExpiresAt } = fields
    if (idleExpiresAt === shown.idleExpiresAt && sessionExpiresAt === shown.sessionExpiresAt) return
    session.publish(record)
    if (idleExpiresAt && !shown.idleExpiresAt) options.onIdleWarning?.(idleExpiresAt)
    if (sessionExpiresAt && sessionExpiresAt !== shown.sessionExpiresAt) {
      options.onSessionWarning?.(sessionExpiresAt)
    }
  }

  // Moves the idle deadline; once it passed, nothing may (a page woken from sleep signs out).
  const extend = (until: number) => {
    if (Date.now() >= deadline) return tick()
    deadline = Math.max(deadline, until)
    if (fields.idleExpiresAt) tick()
    return true
  }
  const active = (force?: boolean) => {
    const now = Date.now()
    // While a warning is on, every tab's countdown must stop at once: no throttle then.
    force ||= !!fields.idleExpiresAt || now - sharedAt >= ACTIVITY_SHARE_MS
    if (extend(now + timeoutMs) && force) {
      sharedAt = now
      channel.post({ type: 'activity' })
    }
  }
  const onActivity = () => document.hidden || active()

  const events = timeoutMs ? ACTIVITY_EVENTS : []
  for (const type of events) addEventListener(type, onActivity, QUIET)
  const stopListening = channel.listen(
    (message) => message?.type === 'activity' && extend(Date.now() + timeoutMs + ACTIVITY_SHARE_MS),
  )
  const clock = setInterval(tick, 1000)

  return {
    get fields() {
      return fields
    },
    onPublish() {
      if (timeoutMs) deadline ||= Date.now() + timeoutMs
      tick()
    },
    onDrop() {
      deadline = 0
      fields = {}
    },
    keepAlive: () => timeoutMs && active(true),
    stop() {
      for (const type of events) removeEventListener(type, onActivity, QUIET)
      stopListening()
      clearInterval(clock)
    },
  }
}
