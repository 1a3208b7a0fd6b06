// The <script> tag build (`window.Lanyard`): everything included, so `dpop: true` just works
// (and `Lanyard.userInfo` is there to pass).
import { createAuthClient as create, type AuthClient } from './client.ts'
import { dpop } from './dpop.ts'
import type { AuthClientOptions } from './options.ts'

export * from './index.ts'
export { userInfo } from './user-info-support.ts'

/** `createAuthClient` where `dpop: true` selects the bundled DPoP support. */
export function createAuthClient(options: AuthClientOptions): AuthClient {
  return create({ ...options, dpop: options?.dpop === true ? dpop : options?.dpop })
}
