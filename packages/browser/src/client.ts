import type { AuthError } from '@lanyard/core'
import {
  AUTH_LOGIN_REQUIRED,
  AUTH_STATE_MISMATCH,
  AUTH_TRANSACTION_MISSING,
  CallbackError,
  LoginRequiredError,
  buildLogoutUrl,
  createAuthorizationRequest,
  createContext,
  createStore,
  discover,
  exchangeCode,
  isAuthError,
  normalizeScope,
  readCallbackState,
  refreshTokens,
  revokeToken,
  validateCallback,
  type AuthorizationParams,
  type ClientContext,
  type DPoPHandle,
  type IdTokenClaims,
  type TokenSet,
  type Transaction,
} from '@lanyard/core'
import { LOADING, type AuthState, type User } from './auth-state.ts'
import { createChannel } from './channel.ts'
import { createFallbackStore, createIndexedDbStore, createMemoryStore } from './kv-store.ts'
import { withLock } from './lock.ts'
import { resolveOptions, type AuthClientOptions } from './options.ts'
import { openPopup, relayToOpener, waitForPopupCallback } from './popup.ts'
import { createSealer } from './sealed-box.ts'
import { createTokenCache } from './token-cache.ts'
import { createTransactionStore } from './transactions.ts'

/** Options of `getAccessToken`. */
export interface GetAccessTokenOptions {
  audience?: string
  scope?: string
  /** `'on'` (default): cached unless near expiry; `'off'`: refresh now; `'cache-only'`: never refresh. */
  cacheMode?: 'on' | 'off' | 'cache-only'
}

/** Options of `loginWithRedirect`. */
export interface RedirectLoginOptions {
  appState?: unknown
  authorizationParams?: AuthorizationParams
  redirectUri?: string
}

/** Options of `loginWithPopup`. */
export interface PopupLoginOptions {
  authorizationParams?: AuthorizationParams
  /** A window you opened yourself (synchronously, in the click handler). */
  popup?: Window
}

/** Options of `logout`. */
export interface LogoutOptions {
  returnTo?: string
  /** End the provider session too (RP-initiated logout). Default true. */
  federated?: boolean
  /** Revoke the refresh token (RFC 7009). Default true. */
  revoke?: boolean
}

/** The object `createAuthClient` returns. */
export interface AuthClient {
  start(): Promise<AuthState>
  stop(): void
  getSnapshot(): AuthState
  subscribe(listener: () => void): () => void
  loginWithRedirect(options?: RedirectLoginOptions): Promise<void>
  handleRedirectCallback(url?: string): Promise<{ appState?: unknown }>
  /**
   * The result of the redirect callback `start()` completed, once (then `undefined`); also
   * `undefined` when there was none or it failed (the error is in the snapshot).
   */
  takeRedirectResult(): { appState?: unknown } | undefined
  loginWithPopup(options?: PopupLoginOptions): Promise<User | undefined>
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  getUser(): User | undefined
  getIdTokenClaims(): IdTokenClaims | undefined
  logout(options?: LogoutOptions): Promise<void>
}

// What the token cache holds per key; `at` (epoch ms of receipt) orders concurrent refreshes.
type Session = TokenSet & { at: number }
// `ended`: the session died (refresh refused), as opposed to a logout.
type Message = { type: 'tokens-updated'; key: string } | { type: 'signed-out'; ended?: boolean }
type StoredTransaction = Transaction | { used: 1; createdAt: number }

/**
 * Creates a Lanyard client. No side effects: nothing is fetched, stored or listened to until
 * `start()` or an action is called, so it is safe to create at module scope (and on the server).
 */
export function createAuthClient(options: AuthClientOptions): AuthClient {
  const o = resolveOptions(options)
  const name = `lanyard:${o.issuer}:${o.clientId}`
  const store = createStore<AuthState>(LOADING)
  const memory = new Map<string, Session>()
  const flights = new Map<string, Promise<Session>>()
  const channel = createChannel<Message>(name)
  let started: Promise<AuthState> | undefined
  let ctx: Promise<ClientContext> | undefined
  let detach: (() => void)[] = []
  let user: { idToken: string | undefined; user: User } | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let redirectResult: { appState?: unknown } | undefined

  const origin = () => location.origin + '/'
  const now = () => Date.now()
  const keyOf = (audience = o.audience, scope?: string) =>
    `${o.issuer}|${o.clientId}|${audience ?? ''}|${normalizeScope(o.scope, scope, 'offline_access')}`
  const defaultKey = () => keyOf()

  // Storage is created on first use. Transactions always go to IndexedDB (a redirect must
  // survive the page); tokens too unless `cache: 'memory'`. Records are sealed with an AES key
  // that lives, non-extractable, in IndexedDB.
  let stores: ReturnType<typeof storage> | undefined
  const storage = () => {
    const kv = createFallbackStore(createIndexedDbStore(), (warning) => o.onWarning(warning))
    const sealer = createSealer(kv)
    const tokenKv = o.cache == 'memory' ? createMemoryStore() : kv
    return {
      kv,
      tokenKv,
      tokens: createTokenCache<Session>(
        tokenKv,
        sealer,
        (v) => typeof (v as Session).access_token == 'string',
      ),
      txs: createTransactionStore<StoredTransaction>(kv, sealer),
    }
  }
  const s = () => (stores ??= storage())

  const context = () =>
    (ctx ??= discover(o.issuer, { timeoutMs: o.timeouts.httpMs, ...(o.fetch && { fetch: o.fetch }) }).then(
      (as) =>
        createContext(as, {
          clientId: o.clientId,
          timeoutMs: o.timeouts.httpMs,
          ...(o.fetch && { fetch: o.fetch }),
        }),
      (error: unknown) => {
        ctx = undefined // a failed discovery is retried next time
        throw error
      },
    ))

  // One DPoP handle per page (it caches server nonces); none unless the app passed `dpop`.
  const support = typeof o.dpop == 'object' ? o.dpop : undefined
  let dpop: Promise<DPoPHandle> | undefined
  const proof = async () => {
    if (!support) return undefined
    dpop ??= context().then((c) => support.load(c, s().kv))
    return dpop.catch((error: unknown) => {
      dpop = undefined
      throw error
    })
  }

  const fresh = (session: Session | undefined): session is Session =>
    !!session && (!session.expires_at || session.expires_at - o.refreshLeewaySeconds > now() / 1000)

  // The snapshot is rebuilt only when what it shows changes, so React re-renders only then.
  const publish = (session: Session | undefined, error?: AuthError) => {
    if (!session) user = undefined
    else if (session.claims && user?.idToken !== session.id_token) {
      user = { idToken: session.id_token, user: session.claims }
    }
    const next: AuthState = session
      ? { status: 'authenticated', user: user?.user, expiresAt: session.expires_at }
      : { status: 'unauthenticated', error }
    const current = store.getSnapshot()
    if (
      current.status != next.status ||
      current.user !== next.user ||
      current.expiresAt !== next.expiresAt ||
      current.error !== next.error
    ) {
      store.set(next)
    }
    if (session) schedule(session)
  }

  // Optional proactive refresh: one timer per tab; the lock keeps it to one request across tabs.
  const schedule = (session: Session) => {
    clearTimeout(timer)
    if (!o.refreshAhead || !session.expires_at || !started) return
    const due = (session.expires_at - o.refreshLeewaySeconds) * 1000 - now()
    timer = setTimeout(
      () => {
        if (document.visibilityState == 'visible') token().catch(() => {})
      },
      Math.max(due, 1000),
    )
  }

  const save = async (key: string, session: Session) => {
    memory.set(key, session)
    await s().tokens.set(key, session)
    channel.post({ type: 'tokens-updated', key })
    if (key == defaultKey()) publish(session)
  }

  const clearLocal = async (error?: AuthError) => {
    memory.clear()
    clearTimeout(timer)
    const kv = s().tokenKv
    const prefix = `tokens:${o.issuer}|${o.clientId}|`
    for (const [key] of await kv.entries()) if (key.startsWith(prefix)) await kv.del(key)
    channel.post({ type: 'signed-out', ended: !!error })
    publish(undefined, error)
  }

  const read = async (key: string) => {
    const session = await s().tokens.get(key)
    if (session) memory.set(key, session)
    else memory.delete(key)
    return session
  }

  const onMessage = (message: Message) => {
    if (message?.type == 'signed-out') {
      memory.clear()
      dpop = undefined // the key is gone with the session
      publish(
        undefined,
        message.ended ? new LoginRequiredError(AUTH_LOGIN_REQUIRED, 'session ended') : undefined,
      )
    } else if (message?.type == 'tokens-updated' && typeof message.key == 'string') {
      memory.delete(message.key)
      if (message.key == defaultKey()) void read(message.key).then((session) => publish(session))
    }
  }

  const cleanUrl = () => {
    const url = new URL(location.href)
    for (const param of ['code', 'state', 'iss', 'error', 'error_description']) url.searchParams.delete(param)
    history.replaceState(history.state, '', url)
  }

  // Validates, exchanges and stores; the transaction is consumed first so a callback can never
  // be exchanged twice, whatever the tabs, reloads or React do.
  const completeCallback = async (url: string): Promise<{ appState?: unknown }> => {
    const state = readCallbackState(url)
    // No single state (or no code/error): nothing here matches a login we started.
    if (!state) throw new CallbackError(AUTH_STATE_MISMATCH, 'no state')
    const { txs } = s()
    const tx = await txs.take(state)
    if (!tx || 'used' in tx) {
      if (tx) await txs.put(state, tx)
      throw tx
        ? new CallbackError(AUTH_TRANSACTION_MISSING, 'callback already used')
        : new CallbackError(AUTH_STATE_MISMATCH, 'unknown state')
    }
    await txs.put(state, { used: 1, createdAt: tx.createdAt })
    const c = await context()
    const tokens = await exchangeCode(c, validateCallback(c, url, tx), { DPoP: await proof() })
    await save(keyOf(tx.audience, tx.scope), { ...tokens, at: now() })
    return { appState: tx.appState }
  }

  const handleRedirectCallback = async (url = location.href) => {
    try {
      return await completeCallback(url)
    } finally {
      if (url == location.href) cleanUrl()
    }
  }

  const restore = async () => {
    try {
      publish(await read(defaultKey()))
    } catch (error) {
      publish(undefined, isAuthError(error) ? error : undefined)
    }
  }

  const run = async (): Promise<AuthState> => {
    detach.push(channel.listen(onMessage))
    const href = location.href
    const state = readCallbackState(href)
    if (state) {
      const tx = await s().txs.peek(state)
      // A popup relays to its opener, which checks origin, source and state (also when this
      // window cannot see the transaction, e.g. storage not shared).
      const inPopup = !!window.opener || window.name == 'lanyard-popup'
      if (inPopup && (!tx || ('mode' in tx && tx.mode == 'popup')) && relayToOpener(href, state)) {
        window.close()
        return store.getSnapshot()
      }
      try {
        redirectResult = await handleRedirectCallback(href)
      } catch (error) {
        // A replayed callback (reload, back button) never harms a valid session: it is ignored
        // when signed in, and reported otherwise — in one step, so nobody ever sees "signed
        // out" without the reason (a guard would redirect on it).
        const session = await read(defaultKey()).catch(() => undefined)
        publish(session, session ? undefined : (error as AuthError))
      }
    } else {
      await restore()
    }
    void s()
      .txs.sweep()
      .catch(() => {})
    return store.getSnapshot()
  }

  const authorize = async (
    mode: Transaction['mode'],
    params: AuthorizationParams = {},
    redirectUri?: string,
    appState?: unknown,
  ) => {
    const c = await context()
    const DPoP = await proof()
    const { url, transaction } = await createAuthorizationRequest(c, {
      ...(DPoP && { dpopJkt: await DPoP.calculateThumbprint() }),
      redirectUri: redirectUri ?? o.redirectUri ?? origin(),
      scope: normalizeScope(o.scope, 'offline_access'),
      audience: o.audience,
      params: { ...o.authorizationParams, ...params },
      mode,
      appState,
    })
    await s().txs.put(transaction.state, transaction)
    return { url, transaction }
  }

  // `since`: with cacheMode 'off', a token received after the call began is new enough.
  const refresh = (key: string, audience: string | undefined, scope: string | undefined, since?: number) =>
    withLock(name, o.timeouts.lockMs, async () => {
      const cached = await read(key)
      // Another tab (or call) may have refreshed while we waited for the lock.
      if (fresh(cached) && (since === undefined || cached.at >= since)) return cached
      // One grant, one refresh token: it lives with the default session, which is also the base
      // for a token for another API or scope (Auth0 MRRT, RFC 8707-style), and gets the rotated one.
      const main = defaultKey()
      const base = (key == main ? cached : await read(main)) ?? cached
      if (!base) throw new LoginRequiredError(AUTH_LOGIN_REQUIRED, 'not signed in')
      const c = await context()
      try {
        const params =
          key == main ? undefined : { scope: normalizeScope(o.scope, scope), ...(audience && { audience }) }
        const tokens = await refreshTokens(c, base, { DPoP: await proof(), ...(params && { params }) })
        const session = { ...tokens, at: now() }
        await save(key, session)
        if (key != main && base != cached) await save(main, { ...base, refresh_token: tokens.refresh_token })
        return session
      } catch (error) {
        if (isAuthError(error, AUTH_LOGIN_REQUIRED)) await clearLocal(error)
        throw error
      }
    })

  // The session holding a fresh token for audience + scope (refreshed when needed).
  const token = async ({
    audience,
    scope,
    cacheMode = 'on',
  }: GetAccessTokenOptions = {}): Promise<Session> => {
    const calledAt = now()
    const key = keyOf(audience, scope)
    const hit = memory.get(key)
    if (cacheMode != 'off' && fresh(hit)) return hit
    await (started ?? start())
    if (cacheMode == 'cache-only') {
      const cached = await read(key)
      if (fresh(cached)) return cached
      throw new LoginRequiredError(AUTH_LOGIN_REQUIRED, 'no fresh token')
    }
    const flightKey = key + cacheMode
    let flight = flights.get(flightKey)
    if (!flight) {
      flight = refresh(key, audience, scope, cacheMode == 'off' ? calledAt : undefined).finally(() =>
        flights.delete(flightKey),
      )
      flights.set(flightKey, flight)
    }
    return flight
  }

  const start = () => (started ??= run())

  return {
    start,
    stop() {
      for (const off of detach) off()
      detach = []
      clearTimeout(timer)
      channel.close()
      started = undefined
    },
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    async loginWithRedirect({ appState, authorizationParams, redirectUri } = {}) {
      const { url } = await authorize('redirect', authorizationParams, redirectUri, appState)
      location.assign(url)
    },
    handleRedirectCallback,
    takeRedirectResult() {
      const result = redirectResult
      redirectResult = undefined
      return result
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
          timeoutMs: o.timeouts.popupMs,
        })
        popup.close()
        await completeCallback(callbackUrl)
        return user?.user
      } catch (error) {
        popup.close()
        throw error
      }
    },
    getAccessToken: async (options) => (await token(options)).access_token,
    async fetch(input, init) {
      const request = new Request(input, init)
      const send = async (cacheMode: 'on' | 'off') => {
        const attempt = request.clone()
        const session = await token({ cacheMode })
        if (session.token_type == 'dpop') {
          return support!.request(session.access_token, attempt, (await proof())!)
        }
        attempt.headers.set('Authorization', `Bearer ${session.access_token}`)
        return fetch(attempt)
      }
      const response = await send('on')
      // One refresh and one retry when the resource says the token is no good.
      if (response.status == 401 && /invalid_token/.test(response.headers.get('WWW-Authenticate') ?? '')) {
        return send('off')
      }
      return response
    },
    getUser: () => user?.user,
    getIdTokenClaims: () => user?.user as IdTokenClaims | undefined,
    async logout({ returnTo, federated = true, revoke = true } = {}) {
      const session = memory.get(defaultKey()) ?? (await read(defaultKey()))
      let c: ClientContext | undefined
      let failure: unknown
      try {
        c = await context()
        if (revoke && session?.refresh_token) {
          await revokeToken(c, session.refresh_token, 'refresh_token', { DPoP: await proof() })
        }
      } catch (error) {
        failure = error // the local session ends regardless
      }
      await clearLocal()
      if (support) {
        dpop = undefined
        await support.remove(s().kv)
      }
      const url =
        federated &&
        c &&
        buildLogoutUrl(c, {
          ...(session?.id_token && { idTokenHint: session.id_token }),
          postLogoutRedirectUri: returnTo ?? o.postLogoutRedirectUri ?? origin(),
        })
      if (url) location.assign(url)
      else if (federated && failure) throw failure
    },
  }
}
