import { AUTH_INVALID_RESPONSE, AuthError, isAuthError } from '@lanyard/core'
import { createProtocolLoader } from './load-protocol.ts'
import { withTimeout } from './resilient-store.ts'
import type * as UserInfoChunk from './user-info-chunk.ts'
import type { UserInfoSupport } from './user-info.ts'

/**
 * The {@link userInfo} support over `importChunk`: the chunk loads once per page, a failed load is
 * `AUTH_NETWORK_ERROR` (tried again next call), one that never answers `AUTH_TIMEOUT`.
 */
export function createUserInfoSupport(importChunk: () => Promise<typeof UserInfoChunk>): UserInfoSupport {
  const loadChunk = createProtocolLoader(importChunk)
  return {
    async get(tokens, provider, timeoutMs) {
      const ask = async (cacheMode: 'on' | 'off') => {
        const record = await tokens.token({ cacheMode })
        // The ID token's `sub` is the one the answer must carry (OIDC Core 5.3.2).
        const subject = record.claims?.sub
        if (!subject) throw new AuthError(AUTH_INVALID_RESPONSE, 'userinfo: no ID token to compare it with')
        const [ctx, DPoP, { fetchUserInfo }] = await Promise.all([
          provider.context(),
          provider.proof(),
          withTimeout(loadChunk(), timeoutMs, 'loading the UserInfo chunk'),
        ])
        return fetchUserInfo(ctx, record.access_token, subject, {
          DPoP: record.token_type === 'dpop' ? DPoP : undefined,
        })
      }
      try {
        return await ask('on')
      } catch (error) {
        if (isAuthError(error) && error.error === 'invalid_token') return ask('off')
        throw error
      }
    },
  }
}

/**
 * UserInfo support for `createAuthClient({ userInfo })`, so that `auth.getUserInfo()` fetches the
 * user's claims from the provider (OIDC Core 5.3). Imported explicitly (`@lanyard/browser/userinfo`)
 * so that apps without it don't ship it; the call itself is a chunk of its own, loaded on first use
 * (`Lanyard.userInfo` in the `<script>` build). After a 401 `invalid_token`, like `auth.fetch`, it
 * refreshes and asks once more.
 */
export const userInfo: UserInfoSupport = /* @__PURE__ */ createUserInfoSupport(
  () => import('./user-info-chunk.ts'),
)
