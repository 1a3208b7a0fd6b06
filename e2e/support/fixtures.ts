// The `test` every spec imports instead of @playwright/test's:
//
//   import { expect, test } from '../support/fixtures'
//
//   test('…', async ({ page, provider }) => {
//     await page.goto('/index.html')          // baseURL is the e2e pages origin (APP_ORIGIN)
//     …
//     expect(await provider.requestsTo(provider.metadata.token_endpoint, 'POST')).toHaveLength(1)
//   })
//
// `provider` starts every test with an empty request log (tests run one at a time: the provider
// is shared state), so counting requests is per test. Add fixtures here, not in spec files.
import { test as base, expect } from '@playwright/test'
import { CLIENT_ID, ISSUER } from './env'
import type { DiscoveryDocument, LoggedRequest } from './provider'
import { clearRequestLog, discovery, requestLog, requestsTo } from './provider'

export interface ProviderFixture {
  issuer: string
  clientId: string
  /** The discovery document, fetched once per worker. */
  metadata: DiscoveryDocument
  requestLog(): Promise<LoggedRequest[]>
  clearRequestLog(): Promise<void>
  requestsTo(endpoint: string, method?: string): Promise<LoggedRequest[]>
}

export const test = base.extend<{ provider: ProviderFixture }, { providerMetadata: DiscoveryDocument }>({
  providerMetadata: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires object destructuring here
    async ({}, use) => {
      await use(await discovery())
    },
    { scope: 'worker' },
  ],
  provider: async ({ providerMetadata }, use) => {
    await clearRequestLog()
    await use({
      issuer: ISSUER,
      clientId: CLIENT_ID,
      metadata: providerMetadata,
      requestLog,
      clearRequestLog,
      requestsTo,
    })
  },
})

export { expect }
