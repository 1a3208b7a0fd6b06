import type { AuthError } from '@lanyard/core'

/** The signed-in user: the ID token's claims (`sub`, `name`, `email`, …). */
export type User = Readonly<Record<string, unknown>> & { readonly sub: string }

/**
 * Why there is no session: `'logout'` (a deliberate sign-out, here or in another tab), `'ended'`
 * (the provider refused the refresh: revoked, expired or reused grant), `'expired'` (the access
 * token ran out and there is no way to refresh it), `'idle'` (signed out after inactivity).
 */
export type SignedOutReason = 'logout' | 'ended' | 'expired' | 'idle'

/**
 * A failure shown in the snapshot: an `AuthError` (see its `code`), or what a login call threw for
 * misuse (a `TypeError` with a stable `code`, e.g. a reserved authorization parameter), as it was.
 */
export type AuthStateError =
  | AuthError
  | (Error & { readonly code?: string; readonly error?: undefined; readonly errorDescription?: undefined })

/** What the UI renders from. Never holds a token: `getAccessToken()` is the way to one. */
export interface AuthState {
  readonly status: 'loading' | 'authenticated' | 'unauthenticated'
  /** Set when unauthenticated because a session went away (not on a plain first visit). */
  readonly reason?: SignedOutReason | undefined
  readonly user?: User | undefined
  /** Why the last attempt failed. */
  readonly error?: AuthStateError | undefined
  /** Access-token expiry, epoch seconds. */
  readonly expiresAt?: number | undefined
  /** While the idle warning is on: when the idle sign-out comes, epoch seconds (`keepAlive()` stays). */
  readonly idleExpiresAt?: number | undefined
  /** While the session-end warning is on: when the session (refresh token) ends, epoch seconds. */
  readonly sessionExpiresAt?: number | undefined
  /**
   * Set while a reload shows the tab's session hint and IndexedDB has not answered yet (tens of
   * ms): `user` is what the last page showed, and may still change (another user signed in
   * meanwhile) or go. `getAccessToken()`, `requireLogin()` and `<RequireAuth>` wait for the answer.
   */
  readonly hinted?: true | undefined
}

/** The snapshot before `start()` settles (and on the server). */
export const LOADING: AuthState = Object.freeze({ status: 'loading' })
