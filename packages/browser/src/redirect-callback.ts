import {
  AUTH_CALLBACK_INVALID,
  AUTH_STATE_MISMATCH,
  AUTH_TRANSACTION_MISSING,
  readCallbackState,
  type Transaction,
  AuthError,
} from '@lanyard/core'
import type { ClientStorage } from './client-storage.ts'
import { POPUP_RELAY_GRACE_MS, broadcastCallback, relayToOpener } from './popup.ts'
import type { ProviderLink } from './provider-link.ts'
import type { Session } from './session.ts'

/** What a redirect callback leaves for the app: the `appState` given to the login. */
export interface RedirectResult {
  appState?: unknown
}

/** What happened to a callback in the address bar at start-up. */
export type AddressBarOutcome =
  | { kind: 'none' }
  /** A popup handed its callback to the opener: this window is closing. */
  | { kind: 'relayed' }
  | { kind: 'completed'; result: RedirectResult }
  | { kind: 'failed'; error: unknown }

/** Completes authorization responses: detect, validate, exchange once, store, clean the URL. */
export interface RedirectCallback {
  /** Validates, exchanges and stores the callback in `url`; see `AuthClient.handleRedirectCallback`. */
  complete(url: string): Promise<RedirectResult>
  /** {@link complete}, then removes the callback parameters when `url` is the address bar's. */
  handle(url?: string): Promise<RedirectResult>
  /** Handles a callback in the address bar at `redirectUri`, relaying a popup's to its opener. */
  fromAddressBar(redirectUri: string): Promise<AddressBarOutcome>
}

// Every parameter of an authorization response (RFC 6749 4.1.2, RFC 9207, OIDC session management).
const CALLBACK_PARAMS = ['code', 'state', 'iss', 'error', 'error_description', 'error_uri', 'session_state']

/** Removes the callback parameters from the address bar (keeps history state and other params). */
export function cleanAddressBar(): void {
  const url = new URL(location.href)
  for (const param of CALLBACK_PARAMS) url.searchParams.delete(param)
  history.replaceState(history.state, '', url)
}

const pagePath = (url: string) => {
  const parsed = new URL(url)
  return parsed.origin + parsed.pathname
}

/**
 * True when `href` is an authorization response at `redirectUri` (origin and path): only that is
 * ours (another integration's `?code=` is not), and there even a malformed one is reported.
 */
export function isCallbackAt(href: string, redirectUri: string): boolean {
  const params = new URL(href).searchParams
  return pagePath(href) === pagePath(redirectUri) && (params.has('code') || params.has('error'))
}

/** Creates the {@link RedirectCallback} of one client. */
export function createRedirectCallback(
  session: Session,
  storage: () => ClientStorage,
  provider: ProviderLink,
  warnIfNotBound: (DPoP: unknown, tokens: { token_type: string }) => void,
): RedirectCallback {
  // Transactions belong to this issuer and client: another client on the origin never takes them.
  const transactionKey = (state: string) => session.name + state

  // The transaction is consumed first (a used mark left in its place, in the same step, tells a
  // replay apart) so a callback can never be exchanged twice, whatever the tabs, reloads or React
  // do. `handOff`: a popup's transaction goes back for its opener, which
  // gets the callback meanwhile (see fromAddressBar); then whoever takes it first completes it.
  const complete = async (url: string, handOff?: () => Promise<void>): Promise<RedirectResult> => {
    const state = readCallbackState(url)
    // No single state (or no code/error): nothing here matches a login we started.
    if (!state) throw new AuthError(AUTH_STATE_MISMATCH, 'no state')
    const { transactions } = storage()
    // The protocol, the provider's metadata (and DPoP key) load while the transaction is taken.
    const linked = Promise.all([provider.context(), provider.proof(), provider.protocol()])
    linked.catch(() => {}) // reported below, after the state checks
    // The token request goes out while the take commits (tens of ms); what it returns is stored
    // only once the take is done. (A take that fails after all: the code is spent, the login fails.)
    const [transaction, taken] = await transactions.takeEarly(transactionKey(state))
    if (!transaction || 'used' in transaction) {
      throw transaction
        ? new AuthError(AUTH_TRANSACTION_MISSING, 'already used')
        : new AuthError(AUTH_STATE_MISMATCH, 'unknown state')
    }
    if (handOff && transaction.mode === 'popup') {
      await taken
      await transactions.put(transactionKey(state), transaction)
      await handOff()
      return complete(url)
    }
    // The response must come back where this login asked it to (origin + path): a code delivered
    // to another page of the app is not this login's, and is never exchanged.
    if (pagePath(url) !== pagePath(transaction.redirectUri)) {
      throw new AuthError(AUTH_CALLBACK_INVALID, 'callback: not at the redirect URI of its login')
    }
    const [ctx, DPoP, { exchangeCode, validateCallback, revokeGrant }] = await linked
    const tokens = await exchangeCode(ctx, validateCallback(ctx, url, transaction), { DPoP })
    await taken.catch((error: unknown) => {
      // Not stored, so nobody could ever use or revoke them: they end at the provider now.
      void revokeGrant(ctx, tokens, { DPoP }).catch(() => {})
      throw error
    })
    warnIfNotBound(DPoP, tokens)
    // A login replaces whatever this client held (maybe another user's tokens, for every API).
    const asked = { scope: transaction.scope, resource: transaction.resource }
    await session.save(session.mainKey, { ...tokens, at: Date.now(), asked }, true)
    return { appState: transaction.appState }
  }

  // The address bar is cleaned first: the code must not sit there (history, screenshots, other
  // scripts) during the exchange; `url` already holds everything needed.
  const handle = async (url = location.href, handOff?: () => Promise<void>) => {
    if (url === location.href) cleanAddressBar()
    return complete(url, handOff)
  }

  const fromAddressBar = async (redirectUri: string): Promise<AddressBarOutcome> => {
    const href = location.href
    if (!isCallbackAt(href, redirectUri)) return { kind: 'none' }
    const state = readCallbackState(href)
    let isPopup = false
    const settle = async (completing: () => Promise<RedirectResult>): Promise<AddressBarOutcome> => {
      let outcome: AddressBarOutcome
      try {
        outcome = { kind: 'completed', result: await completing() }
      } catch (error) {
        outcome = { kind: 'failed', error }
      }
      if (isPopup) window.close()
      return outcome
    }
    // A popup that could not relay to its opener (COOP cut it) relays on the state's channel and
    // gives the opener the time it waits for a relay; if it gave up (it saw the popup as closed),
    // the login finishes here: one exchange either way, and every tab follows.
    const relayOnChannel = async () => {
      isPopup = true
      broadcastCallback(href, state!)
      await new Promise((resolve) => setTimeout(resolve, POPUP_RELAY_GRACE_MS))
    }
    // No opener: a redirect login's callback (or a popup's, see above), taken at once, with
    // start-up's reads: one storage transaction before the token request.
    if (!window.opener) return settle(() => handle(href, relayOnChannel))
    void provider.context().catch(() => {}) // read with the transaction: one storage transaction
    const transaction = state
      ? ((await storage().transactions.peek(transactionKey(state))) as Transaction | undefined)
      : undefined
    isPopup = transaction?.mode === 'popup'
    // A popup relays to its opener, which checks origin, source and state (also when this window
    // cannot see the transaction, e.g. storage not shared).
    if (state && (!transaction || isPopup) && relayToOpener(href, state)) {
      window.close()
      return { kind: 'relayed' }
    }
    return settle(() => handle(href, relayOnChannel))
  }

  return { complete, handle, fromAddressBar }
}
