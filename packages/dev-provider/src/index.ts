export { startDevProvider } from './start.js'
export { DEFAULT_CLIENT } from './clients.js'
export { completeLogin, denyLogin, completeLogout, type LoginOptions } from './login.js'
export { CookieJar } from './cookie-jar.js'
export { FOREIGN_ISSUER } from './faults.js'
export type {
  DevClient,
  DevProvider,
  DevProviderOptions,
  DpopOptions,
  CallbackIssFault,
  Faults,
  FaultState,
  IdTokenFault,
  RequestLogEntry,
  TokenFault,
} from './types.js'
