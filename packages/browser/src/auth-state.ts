import type { AuthError, IdTokenClaims } from '@lanyard/core'

/** The user's profile: the ID token's claims without the protocol ones. */
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

const PROTOCOL_CLAIMS = [
  'iss',
  'aud',
  'exp',
  'iat',
  'nbf',
  'nonce',
  'azp',
  'at_hash',
  'c_hash',
  'sid',
  'jti',
  'auth_time',
  'acr',
  'amr',
]

/** The profile part of ID token claims. */
export function toUser(claims: IdTokenClaims): User {
  const user: Record<string, unknown> = { ...claims }
  for (const name of PROTOCOL_CLAIMS) delete user[name]
  return Object.freeze(user) as User
}
