import { buildLogoutUrl, revokeToken, type ClientContext } from '@lanyard/core'
import type { LogoutOptions } from './auth-client.ts'
import type { ClientStorage, TokenRecord } from './client-storage.ts'
import { withLock } from './lock.ts'
import { originRoot } from './login.ts'
import type { ResolvedOptions } from './options.ts'
import type { ProviderLink } from './provider-link.ts'
import type { Session } from './session.ts'

/** What logout needs from the client. */
export interface LogoutDeps {
  options: ResolvedOptions
  session: Session
  storage: () => ClientStorage
  provider: ProviderLink
}

/**
 * Creates `logout`: revokes the refresh token, ends the session in every tab, forgets the DPoP
 * key, then (when `federated`) sends the user to the provider's end-session endpoint.
 */
export function createLogout({ options, session, storage, provider }: LogoutDeps) {
  return async ({ returnTo, federated = true, revoke = true }: LogoutOptions = {}): Promise<void> => {
    let ctx: ClientContext | undefined
    let failure: unknown
    let record: TokenRecord | undefined
    const end = async () => {
      record = await session.read(session.mainKey)
      try {
        ctx = await provider.context()
        if (revoke && record?.refresh_token) {
          await revokeToken(ctx, record.refresh_token, 'refresh_token', { DPoP: await provider.proof() })
        }
      } catch (error) {
        failure = error // the local session ends regardless
      }
      await session.end('logout')
    }
    // Under the lock: a refresh in flight in any tab finishes first and cannot bring the session
    // back, and the refresh token revoked is the latest. No lock in time: sign out here.
    await withLock(session.name, options.timeouts.lockMs, end).catch((error: unknown) => {
      failure ??= error
      return session.end('logout')
    })
    await provider.removeProofKey()
    const url =
      federated &&
      ctx &&
      buildLogoutUrl(ctx, {
        ...(record?.id_token && { idTokenHint: record.id_token }),
        postLogoutRedirectUri: returnTo ?? options.postLogoutRedirectUri ?? originRoot(),
      })
    if (url) location.assign(url)
    else if (federated && failure) throw failure
  }
}
