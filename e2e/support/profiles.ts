// The provider profiles the core flows (tests/profile-flows.spec.ts) run against: one Playwright
// project each (playwright.config.ts), the same specs. Plain data: the config imports it.
import type { DevProviderOptions } from '@lanyard/dev-provider/playwright'

/** One provider profile, and what the app and the specs need to know about it. */
export interface E2eProfile {
  name: string
  /** The project's `devProviderOptions`: the dev provider's profile. */
  provider: DevProviderOptions
  /** Extra `createAuthClient` options for this provider (merged into the app's config). */
  app?: Record<string, unknown>
  /** The provider issues refresh tokens (else an expired session must end). */
  refreshTokens: boolean
  /** Access tokens must be JWTs whose `aud` is this resource (RFC 8707). */
  resource?: string
  /** Why specs of this project cannot pass yet (issue and item), by spec: `all` or one flow. */
  fixme?: Partial<Record<'all' | 'login' | 'reload' | 'refresh' | 'logout', string>>
}

/** The resource the `resource-jwt` project's app asks tokens for (any absolute URI is one). */
const RESOURCE = 'https://api.lanyard.test/'

export const PROFILES: readonly E2eProfile[] = [
  { name: 'default', provider: {}, refreshTokens: true },
  { name: 'path-issuer', provider: { profile: 'path-issuer' }, refreshTokens: true },
  { name: 'trailing-slash-no-iss', provider: { profile: 'trailing-slash-no-iss' }, refreshTokens: true },
  {
    name: 'resource-jwt',
    provider: { profile: 'resource-jwt' },
    app: { resource: RESOURCE },
    refreshTokens: true,
    resource: RESOURCE,
  },
  { name: 'dpop-required', provider: { profile: 'dpop-required' }, app: { dpop: true }, refreshTokens: true },
  { name: 'no-refresh-tokens', provider: { profile: 'no-refresh-tokens' }, refreshTokens: false },
  {
    name: 'par-required',
    provider: { profile: 'par-required' },
    refreshTokens: true,
  },
  { name: 'no-rotation', provider: { profile: 'no-rotation' }, refreshTokens: true },
]
