import type { AuthError } from '@lanyard/core'

/** The signed-in user: the ID token's claims (`sub`, `name`, `email`, …). */
export type User = Readonly<Record<string, unknown>> & { readonly sub: string }

/** What the UI renders from. Never holds a token: `getAccessToken()` is the way to one. */
export interface AuthState {
  readonly status: 'loading' | 'authenticated' | 'unauthenticated'
  readonly user?: User | undefined
  readonly error?: AuthError | undefined
  /** Access-token expiry, epoch seconds. */
  readonly expiresAt?: number | undefined
}

/** The snapshot before `start()` settles (and on the server). */
export const LOADING: AuthState = Object.freeze({ status: 'loading' })
