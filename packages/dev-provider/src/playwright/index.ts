// @lanyard/dev-provider/playwright: the dev provider in Playwright tests (no runtime dependency on
// Playwright; its types only).
export { devProviderFixtures, type DevProviderFixtures, type DevProviderWorkerFixtures } from './fixtures.ts'
export { signIn, type ProviderPages, type SignInOptions } from './sign-in.ts'
export { startTestProvider, type TestProvider } from './test-provider.ts'
// For a test's own servers (an app under test): `localhost` on both loopback addresses, port 0 free on both.
export { listenOnLocalhost, type Listening } from '../listen.ts'
export type {
  DevClient,
  DevProviderOptions,
  DiscoveryDocument,
  Faults,
  FaultState,
  ProfileName,
  RequestLogEntry,
} from '../types.ts'
