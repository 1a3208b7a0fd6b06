import type { AuthError, ClientContext } from '@lanyard/core'
import type { LogoutOptions } from './auth-client.ts'
import type { ClientStorage, TokenRecord } from './client-storage.ts'
import type { Protocol } from './load-protocol.ts'
import { withLock } from './lock.ts'
import { originRoot } from './login.ts'
import { lockHoldMs, type ResolvedOptions } from './options.ts'
import type { ProviderLink } from './provider-link.ts'
import type { Session } from './session.ts'

// The `state` of the RP-initiated logout in flight (not a secret: it only lets us tidy the URL).
const LOGOUT_STATE = 'lanyard:logout-state'

function rememberLogoutState(): string {
  const state = crypto.randomUUID()
  try {
    sessionStorage.setItem(LOGOUT_STATE, state)
  } catch {
    // No sessionStorage: the parameter then stays in the URL we come back to.
  }
  return state
}

/** Removes the `state` our RP-initiated logout sent from the address bar it came back to. */
export function cleanLogoutReturn(): void {
  const url = new URL(location.href)
  const params = url.searchParams
  // Only a page that may be a logout's return reads sessionStorage: its first use in a page is a
  // synchronous load that costs milliseconds at every start-up (and a login callback has `code`).
  if (!params.has('state') || params.has('code') || params.has('error')) return
  try {
    const sent = sessionStorage.getItem(LOGOUT_STATE)
    if (!sent) return
    sessionStorage.removeItem(LOGOUT_STATE)
    if (params.get('state') !== sent) return
    params.delete('state')
    history.replaceState(history.state, '', url)
  } catch {
    // No sessionStorage: nothing was remembered.
  }
}

/** What logout needs from the client. */
export interface LogoutDeps {
  options: ResolvedOptions
  session: Session
  storage: () => ClientStorage
  provider: ProviderLink
}

/**
 * Creates `logout`: revokes the refresh token (else the access token), ends the session in every
 * tab, forgets the DPoP key, then (when `federated`) sends the user to the provider's end-session
 * endpoint.
 */
export function createLogout({ options, session, storage, provider }: LogoutDeps) {
  return async ({
    returnTo,
    federated = true,
    revoke = true,
    logoutParams,
  }: LogoutOptions = {}): Promise<void> => {
    let ctx: ClientContext | undefined
    let protocol: Protocol | undefined
    let failure: unknown
    let record: TokenRecord | undefined
    const end = async () => {
      // What this tab holds first: after a storage fault the disk may know nothing of it.
      record = session.cached(session.mainKey) ?? (await session.read(session.mainKey).catch(() => undefined))
      try {
        ;[protocol, ctx] = await Promise.all([provider.protocol(), provider.context()])
        if (revoke && record) await protocol.revokeGrant(ctx, record, { DPoP: await provider.proof() })
      } catch (error) {
        failure = error // the local session ends regardless, and the app is told
        options.onWarning(error as AuthError)
      }
      await session.end('logout').catch((error: unknown) => (failure ??= error))
    }
    // Under the lock: a refresh in flight in any tab finishes first and cannot bring the session
    // back, and the refresh token revoked is the latest. No lock in time: sign out here.
    await withLock(session.name, options.timeouts.lockMs, end, lockHoldMs(options.timeouts)).catch(
      (error: unknown) => {
        failure ??= error
        return session.end('logout').catch(() => {})
      },
    )
    await provider.removeProofKey().catch(() => {})
    // A tab working from memory ended the session in memory only: the disk must forget it too,
    // or a reload is signed in again. Rejects (loudly) when it cannot.
    const { kv } = storage()
    if (kv.degraded()) await kv.purgeDisk('tokens:' + session.name + '|')
    const url =
      federated &&
      ctx &&
      protocol?.buildLogoutUrl(ctx, {
        // `state`: some providers honour post_logout_redirect_uri only with it (OIDC RP-Initiated Logout 2).
        state: rememberLogoutState(),
        ...(logoutParams && { params: logoutParams }),
        ...(record?.id_token && { idTokenHint: record.id_token }),
        postLogoutRedirectUri: returnTo ?? options.postLogoutRedirectUri ?? originRoot(),
      })
    if (url) {
      await kv.idle() // (as a login does: the page coming back may need a readwrite transaction)
      location.assign(url)
    } else if (federated && failure) throw failure
  }
}
