import { sessionTimers } from '@lanyard/browser'

// Idle sign-out for the demo: VITE_LANYARD_IDLE_TIMEOUT=120 signs every tab out after two minutes
// without activity, with a countdown for the last minute. The session timers are always on, so a
// provider that says when the session ends (Keycloak's refresh_expires_in) gets its warning too.
const seconds = Number(import.meta.env.VITE_LANYARD_IDLE_TIMEOUT)

/** The `createAuthClient` options of the session lifecycle. */
export const lifecycleOptions = {
  sessionTimers,
  ...(seconds > 0 && { idleTimeoutSeconds: seconds }),
}
