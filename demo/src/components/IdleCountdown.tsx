import type { AuthState } from '@lanyard/react'
import { useAuthClient } from '@lanyard/react'
import { useEffect, useState, useSyncExternalStore } from 'react'
import { useReportError } from '../errors.tsx'

/** Whole seconds until `at` (epoch s), updated every second; undefined when there is no `at`. */
function useSecondsUntil(at: number | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (at === undefined) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [at])
  return at === undefined ? undefined : Math.max(0, Math.ceil(at - now / 1000))
}

// One line: the message, then its button.
const layout = {
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'space-between',
  gap: 12,
  flexWrap: 'wrap',
} as const
const text = { margin: 0 }

const duration = (seconds: number) =>
  seconds >= 60
    ? `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`
    : `${seconds} s`

/**
 * The session lifecycle, shown: a countdown before the idle sign-out (or the session's end) with
 * "Stay signed in", and after it, "Sign in again" in a popup, which keeps whatever the page holds.
 */
export function IdleCountdown() {
  const client = useAuthClient()
  // The whole snapshot: `useAuth()` does not carry the lifecycle fields.
  const state: AuthState = useSyncExternalStore(client.subscribe, client.getSnapshot, client.getSnapshot)
  const report = useReportError()
  const [busy, setBusy] = useState(false)
  const idleLeft = useSecondsUntil(state.idleExpiresAt)
  const sessionLeft = useSecondsUntil(state.sessionExpiresAt)

  const run = (action: () => Promise<unknown>) => {
    setBusy(true)
    action()
      .catch(report)
      .finally(() => setBusy(false))
  }
  const stay = (
    <button type="button" className="btn btn-primary" disabled={busy} onClick={() => run(client.keepAlive)}>
      Stay signed in
    </button>
  )
  // Opened in the click's own task: no await before reauthenticate().
  const again = (
    <button
      type="button"
      className="btn btn-primary"
      disabled={busy}
      onClick={() => run(client.reauthenticate)}
    >
      Sign in again
    </button>
  )

  if (state.status === 'authenticated' && idleLeft !== undefined) {
    return (
      <div
        className="note"
        style={layout}
        role="alertdialog"
        aria-live="assertive"
        data-testid="idle-warning"
      >
        <p style={text}>
          No activity for a while: every tab signs out in <strong>{duration(idleLeft)}</strong>.
        </p>
        {stay}
      </div>
    )
  }
  if (state.status === 'authenticated' && sessionLeft !== undefined) {
    return (
      <div className="note" style={layout} role="alertdialog" data-testid="session-warning">
        <p style={text}>
          Your session ends in <strong>{duration(sessionLeft)}</strong>.
        </p>
        {stay}
      </div>
    )
  }
  if (state.status === 'unauthenticated' && (state.reason === 'idle' || state.reason === 'ended')) {
    return (
      <div className="note" style={layout} role="status" data-testid="signed-out-reason">
        <p style={text}>
          {state.reason === 'idle'
            ? 'You were signed out in every tab after a period without activity.'
            : 'Your session ended.'}{' '}
          Signing in again keeps what this page holds.
        </p>
        {again}
      </div>
    )
  }
  return null
}
