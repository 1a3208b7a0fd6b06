export { startDevProvider } from './start.ts'
export { DEFAULT_CLIENT } from './clients.ts'
export { DEV_PROVIDER_PROFILES } from './profiles.ts'
export { completeLogin, denyLogin, completeLogout, type LoginOptions } from './login.ts'
export { CookieJar } from './cookie-jar.ts'
export { FOREIGN_ISSUER } from './faults.ts'
export type {
  DevClient,
  DevProvider,
  DevProviderOptions,
  DiscoveryDocument,
  DpopOptions,
  CallbackIssFault,
  Faults,
  FaultState,
  IdTokenFault,
  ProfileName,
  ProfileOptions,
  RequestLogEntry,
  TokenFault,
} from './types.ts'
