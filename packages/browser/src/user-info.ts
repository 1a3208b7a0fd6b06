import type { UserInfo } from '@lanyard/core'
import type { ProviderLink } from './provider-link.ts'
import type { TokenSource } from './token-source.ts'

/** What `createAuthClient({ userInfo })` takes: see `userInfo` from `@lanyard/browser/userinfo`. */
export interface UserInfoSupport {
  /**
   * The UserInfo claims of the session `tokens` serves, from the provider `provider` links to;
   * loading its code is bounded by `timeoutMs` (`timeouts.httpMs`).
   */
  get(tokens: TokenSource, provider: ProviderLink, timeoutMs: number): Promise<UserInfo>
}
