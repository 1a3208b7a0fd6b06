import type { Account, Configuration } from 'oidc-provider'

/** Claims per scope; `profile` and `email` end up in the ID token too (`conformIdTokenClaims: false`). */
export const CLAIMS: NonNullable<Configuration['claims']> = {
  openid: ['sub'],
  profile: ['name', 'preferred_username'],
  email: ['email', 'email_verified'],
}

/** Every username is a valid account: `sub` is the typed username and the other claims derive from it. */
export function findAccount(_ctx: unknown, sub: string): Account {
  const email = sub.includes('@') ? sub : `${sub}@example.com`
  return {
    accountId: sub,
    claims: () => ({ sub, name: sub, preferred_username: sub, email, email_verified: true }),
  }
}
