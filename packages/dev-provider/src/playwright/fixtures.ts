import type { Fixtures } from '@playwright/test'
import type { DevProviderOptions } from '../types.ts'
import { startTestProvider, type TestProvider } from './test-provider.ts'

/** The test-scoped fixture of {@link devProviderFixtures}. */
export interface DevProviderFixtures {
  /** The worker's dev provider, with an empty request log and every fault off at the start of each test. */
  devProvider: TestProvider
}

/** The worker-scoped fixtures of {@link devProviderFixtures}. */
export interface DevProviderWorkerFixtures {
  /** Options of the worker's provider (an option: set it with `test.use` or a project's `use`). */
  devProviderOptions: DevProviderOptions
  /** The provider itself, started once per worker on a free port; tests use `devProvider`. */
  devProviderServer: TestProvider
}

/**
 * Playwright fixtures for `test.extend`: one dev provider per worker, in the test process, on a
 * free port. Each test gets it back clean (empty request log, faults off) and leaves no fault on.
 *
 * ```ts
 * export const test = base.extend<DevProviderFixtures, DevProviderWorkerFixtures>(devProviderFixtures)
 * ```
 */
export const devProviderFixtures: Fixtures<DevProviderFixtures, DevProviderWorkerFixtures> = {
  devProviderOptions: [{}, { scope: 'worker', option: true }],
  devProviderServer: [
    async ({ devProviderOptions }, use) => {
      const provider = await startTestProvider(devProviderOptions)
      try {
        await use(provider)
      } finally {
        await provider.close()
      }
    },
    { scope: 'worker' },
  ],
  devProvider: async ({ devProviderServer }, use) => {
    devProviderServer.reset()
    try {
      await use(devProviderServer)
    } finally {
      devProviderServer.setFaults({})
    }
  },
}
