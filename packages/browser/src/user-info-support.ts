import { AUTH_INVALID_RESPONSE, AuthError, isAuthError } from '@lanyard/core'
import type { UserInfoSupport } from './user-info.ts'

/**
 * UserInfo support for `createAuthClient({ userInfo })`, so that `auth.getUserInfo()` fetches the
 * user's claims from the provider (OIDC Core 5.3). Imported explicitly (`@lanyard/browser/userinfo`)
 * so that apps without it don't ship it; the call itself is a chunk of its own, loaded on first use
 * (`Lanyard.userInfo` in the `<script>` build). After a 401 `invalid_token`, like `auth.fetch`, it
 * refreshes and asks once more.
 */
export const userInfo: UserInfoSupport = {
  async get(tokens, provider) {
    const ask = async (cacheMode: 'on' | 'off') => {
      const record = await tokens.token({ cacheMode })
      // The ID token's `sub` is the one the answer must carry (OIDC Core 5.3.2).
      const subject = record.claims?.sub
      if (!subject) throw new AuthError(AUTH_INVALID_RESPONSE, 'userinfo: no ID token to compare it with')
      const [ctx, DPoP, { fetchUserInfo }] = await Promise.all([
        provider.context(),
        provider.proof(),
        import('./user-info-chunk.ts'),
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
