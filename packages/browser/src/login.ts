import type { AuthorizationParams, Transaction } from '@lanyard/core'
import type { AuthClient } from './auth-client.ts'
import type { ClientStorage } from './client-storage.ts'
import { endedIdle } from './idle-marker.ts'
import type { ResolvedOptions } from './options.ts'
import { openPopup, waitForPopupCallback } from './popup.ts'
import type { ProviderLink } from './provider-link.ts'
import type { RedirectCallback } from './redirect-callback.ts'
import type { Session } from './session.ts'

/** The two ways to send the user to the provider. */
export type LoginActions = Pick<AuthClient, 'loginWithRedirect' | 'loginWithPopup'>

/** What login needs from the client. */
export interface LoginDeps {
  options: ResolvedOptions
  session: Session
  storage: () => ClientStorage
  provider: ProviderLink
  callback: RedirectCallback
}

/** The default redirect URI (and post-logout one): the app's origin. */
export const originRoot = (): string => location.origin + '/'

/** Creates `loginWithRedirect` and `loginWithPopup`. */
export function createLogin({ options, session, storage, provider, callback }: LoginDeps): LoginActions {
  // Signed out for inactivity (in this page, or remembered from an earlier one): every login, a
  // guard's, `reauthenticate()` or the app's own, asks for the credentials (`prompt=login`).
  const idle = () => session.store.getSnapshot().reason === 'idle' || endedIdle(session.name)

  // Prepares the request (PKCE, state, nonce) and keeps its transaction for the callback.
  const authorize = async (
    mode: Transaction['mode'],
    params: AuthorizationParams = {},
    redirectUri?: string,
    appState?: unknown,
  ) => {
    // The protocol chunk loads at once, alongside the provider's document.
    const [{ createAuthorizationRequest, loginScope }, ctx, DPoP] = await Promise.all([
      provider.protocol(),
      provider.prepare(),
      provider.proof(),
    ])
    const { url, transaction } = await createAuthorizationRequest(ctx, {
      ...(DPoP && { dpopJkt: await DPoP.calculateThumbprint(), DPoP }),
      // RFC 9126: pushed when asked for, or when the provider requires it.
      par: options.par,
      resource: options.resource,
      redirectUri: redirectUri ?? options.redirectUri ?? originRoot(),
      scope: loginScope(options, ctx.as),
      audience: options.audience,
      // After an idle sign-out the provider's session lives on: the user must prove presence.
      params: {
        ...(idle() && { prompt: 'login' }),
        ...options.authorizationParams,
        ...params,
      },
      mode,
      appState,
    })
    await storage().transactions.put(session.name + transaction.state, transaction)
    return { url, transaction }
  }

  return {
    async loginWithRedirect({ appState, authorizationParams, redirectUri } = {}) {
      const { url } = await authorize('redirect', authorizationParams, redirectUri, appState)
      // Leaving with a transaction open would hold up the callback page's take (see kv-store.ts).
      await storage().kv.idle()
      location.assign(url)
    },
    async loginWithPopup({ authorizationParams, popup: given } = {}) {
      // Opened before the first await: browsers only allow popups in the click's own task.
      const popup = given ?? openPopup()
      try {
        const { url, transaction } = await authorize('popup', authorizationParams)
        popup.location.href = url.href
        const callbackUrl = await waitForPopupCallback({
          popup,
          state: transaction.state,
          timeoutMs: options.timeouts.popupMs,
        })
        popup.close()
        await callback.complete(callbackUrl)
        return session.user()
      } catch (error) {
        popup.close()
        throw error
      }
    },
  }
}
