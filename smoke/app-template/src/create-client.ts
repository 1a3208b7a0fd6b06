import { createAuthClient, type AuthClient } from '@lanyard/browser'
import { dpop } from '@lanyard/browser/dpop'

/** What the smoke runner serves at /config.json once the packed dev provider has a port. */
export interface SmokeConfig {
  issuer: string
  clientId: string
}

/** The app's client: DPoP from its own entry point (a separate chunk in the build). */
export function createClient({ issuer, clientId }: SmokeConfig): AuthClient {
  // `auth.fetch` may send the token to the provider's API. Spread so that builds whose options do
  // not have `resources` yet (they send the token anywhere) still type-check.
  const allowApi = { resources: [{ url: `${issuer}/api/me` }] }
  return createAuthClient({ issuer, clientId, redirectUri: `${location.origin}/`, dpop, ...allowApi })
}
