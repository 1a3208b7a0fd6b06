// The dev providers the browser benchmarks sign in against, started in this process. One per
// (endpoint paths, access-token lifetime) pair; each scenario uses a fresh browser context, so the
// providers' session cookies (per host, not per port) never meet in one cookie jar.
import { startDevProvider, type DevProvider, type RequestLogEntry } from '@lanyard/dev-provider'
import { APP_ORIGIN, CLIENT_ID, PAGES, pageUrl } from './env.ts'

export interface ProviderSpec {
  port: number
  /** auth0-spa-js builds Auth0's paths itself (/authorize, /oauth/token, …) instead of using discovery. */
  auth0Paths: boolean
  accessTokenTtl: number
}

export const PROVIDERS = {
  standard: { port: 9200, auth0Paths: false, accessTokenTtl: 3600 },
  auth0: { port: 9201, auth0Paths: true, accessTokenTtl: 3600 },
  // Storms: each SDK's token must go stale a few seconds after it is issued. Lanyard's default
  // refreshLeewaySeconds and auth0-spa-js's fixed cache margin are both 60 s, so 65 s tokens are
  // stale after 5 s for them; oidc-client-ts has no margin (`user.expired`), so it gets 5 s tokens.
  storm65: { port: 9202, auth0Paths: false, accessTokenTtl: 65 },
  stormAuth0: { port: 9203, auth0Paths: true, accessTokenTtl: 65 },
  storm5: { port: 9204, auth0Paths: false, accessTokenTtl: 5 },
} as const satisfies Record<string, ProviderSpec>

export type ProviderKey = keyof typeof PROVIDERS

export interface Provider {
  key: ProviderKey
  spec: ProviderSpec
  issuer: string
  tokenPath: string
  dev: DevProvider
  /** Requests since the last clear (the provider's own log; `/__lanyard/*` is never in it). */
  requests(): RequestLogEntry[]
  clear(): void
  /** Waits until no request is pending and none arrived for `ms`. */
  quiet(ms: number): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function startProviders(keys: readonly ProviderKey[]): Promise<Map<ProviderKey, Provider>> {
  const redirectUris = PAGES.flatMap((name) => [pageUrl(name), pageUrl(name, true)])
  const started = new Map<ProviderKey, Provider>()
  try {
    for (const key of keys) {
      const spec = PROVIDERS[key]
      const dev = await startDevProvider({
        port: spec.port,
        quiet: true,
        accessTokenTtl: spec.accessTokenTtl,
        auth0Paths: spec.auth0Paths,
        rotateRefreshTokens: true, // reuse of a rotated refresh token → invalid_grant, grant revoked
        clients: [
          {
            clientId: CLIENT_ID,
            redirectUris,
            postLogoutRedirectUris: redirectUris,
            origins: [APP_ORIGIN],
          },
        ],
      })
      started.set(key, {
        key,
        spec,
        issuer: dev.issuer,
        tokenPath: spec.auth0Paths ? '/oauth/token' : '/token',
        dev,
        requests: () => [...dev.requests],
        clear: () => dev.clearRequests(),
        async quiet(ms) {
          for (let i = 0; i < 50; i++) {
            const before = dev.requests.length
            await sleep(ms)
            if (dev.requests.length === before && dev.requests.every((r) => r.duration !== null)) return
          }
        },
      })
    }
  } catch (error) {
    await stopProviders(started)
    throw error
  }
  return started
}

export async function stopProviders(providers: Map<ProviderKey, Provider>): Promise<void> {
  await Promise.all([...providers.values()].map((p) => p.dev.close()))
}

/** `METHOD /path` of each request, for the record. */
export const describeRequests = (entries: readonly RequestLogEntry[]) =>
  entries.map((r) => `${r.method} ${r.path} ${r.status}`)
