// The `test` every spec imports instead of @playwright/test's:
//
//   import { expect, test } from '../support/fixtures.ts'
//
//   test('…', async ({ context, page, provider }) => {
//     await configureApp(context, { issuer: provider.issuer })   // support/app.ts
//     …
//     expect(provider.requestsTo(provider.metadata.token_endpoint, 'POST')).toHaveLength(1)
//   })
//
// Every provider is a dev provider in this worker's process, on a free port (TestProvider from
// @lanyard/dev-provider/playwright): started once per worker when a test first asks for it, handed
// to each test with an empty request log and every fault switch off, and left with no fault on.
//
//   provider      the project's provider: the default one, or the project's profile
//                 (`devProviderOptions` in playwright.config.ts)
//   shortTtl      access tokens live SHORT_TTL_SECONDS: refresh scenarios
//   dpopProvider  DPoP required, server nonces at the token endpoint and /api/me, 5 s access tokens
//   profile       the project's provider profile (support/profiles.ts): what the app and the specs
//                 need to know about `provider`
//
// Add fixtures here, not in spec files.
import { test as base, expect } from '@playwright/test'
import {
  devProviderFixtures,
  startTestProvider,
  type DevProviderFixtures,
  type DevProviderOptions,
  type DevProviderWorkerFixtures,
  type TestProvider,
} from '@lanyard/dev-provider/playwright'
import { PROFILES, type E2eProfile } from './profiles.ts'

/** Access-token lifetime of the `shortTtl` and `dpopProvider` providers, seconds. */
export const SHORT_TTL_SECONDS = 5

export interface ProviderFixtures {
  provider: TestProvider
  shortTtl: TestProvider
  dpopProvider: TestProvider
}

export interface ProviderServers {
  shortTtlServer: TestProvider
  dpopServer: TestProvider
  profile: E2eProfile
}

/** A worker-scoped fixture: a provider with these options for the worker's lifetime. */
function workerProvider(
  options: DevProviderOptions,
): [(args: object, use: (provider: TestProvider) => Promise<void>) => Promise<void>, { scope: 'worker' }] {
  return [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires object destructuring here
    async ({}, use) => {
      const provider = await startTestProvider(options)
      try {
        await use(provider)
      } finally {
        await provider.close()
      }
    },
    { scope: 'worker' },
  ]
}

/** The test's view of a worker's provider: clean at the start, no fault left on at the end. */
async function clean(server: TestProvider, use: (provider: TestProvider) => Promise<void>) {
  server.reset()
  try {
    await use(server)
  } finally {
    server.setFaults({})
  }
}

export const test = base
  .extend<DevProviderFixtures, DevProviderWorkerFixtures>(devProviderFixtures)
  .extend<ProviderFixtures, ProviderServers>({
    profile: [PROFILES[0] as E2eProfile, { scope: 'worker', option: true }],
    shortTtlServer: workerProvider({ accessTokenTtl: SHORT_TTL_SECONDS }),
    dpopServer: workerProvider({
      requireDpop: true,
      dpop: { requireNonce: true, resourceNonce: true },
      accessTokenTtl: SHORT_TTL_SECONDS,
    }),
    // The package's fixture resets it already; the short name is what the specs use.
    provider: async ({ devProvider }, use) => use(devProvider),
    shortTtl: async ({ shortTtlServer }, use) => clean(shortTtlServer, use),
    dpopProvider: async ({ dpopServer }, use) => clean(dpopServer, use),
  })

export { expect }
export type { TestProvider }
