import {
  AuthError,
  AUTH_LOGIN_REQUIRED,
  AUTH_STATE_MISMATCH,
  AUTH_TRANSACTION_MISSING,
  buildLogoutUrl,
  createAuthorizationRequest,
  createContext,
  createStore,
  discover,
  exchangeCode,
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
import { broadcastCallback, openPopup, relayToOpener, waitForPopupCallback } from './popup.ts'
import { createSealer } from './sealed-box.ts'
import { createTokenCache } from './token-cache.ts'
import { createTransactionStore } from './transactions.ts'

/** Options of `getAccessToken`. */
export interface GetAccessTokenOptions {
  /** Another API than the configured `audience`: its token comes from the same grant. */
  audience?: string
  /** Extra scope for that token. */
  scope?: string
  /** `'on'` (default): cached unless near expiry; `'off'`: refresh now; `'cache-only'`: never refresh. */
  cacheMode?: 'on' | 'off' | 'cache-only'
}

/** Options of `loginWithRedirect`. */
export interface RedirectLoginOptions {
  /** Returned by the callback (`takeRedirectResult`, React's `onRedirectCallback`); JSON only. */
  appState?: unknown
  /** Added to the configured ones for this login (`prompt`, `login_hint`, …). */
  authorizationParams?: AuthorizationParams
  /** Another registered redirect URI; `start()` there does not complete the callback: call `handleRedirectCallback()`. */
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
  /**
   * Idempotent: completes a callback at `redirectUri` (or relays a popup's to its opener), else
   * restores the session from the cache with no request; listens to other tabs.
   */
  start(): Promise<AuthState>
  /** Detaches listeners and timers; `start()` may be called again. */
  stop(): void
  /** The current state: the same object until something changes. */
  getSnapshot(): AuthState
  /** Calls `listener` on every change; returns the unsubscribe function. Pre-bound. */
  subscribe(listener: () => void): () => void
  /** Sends the user to the provider (PKCE, state, nonce kept in IndexedDB for the callback). */
  loginWithRedirect(options?: RedirectLoginOptions): Promise<void>
  /**
   * Completes the callback in `url` (default: the address bar, then cleaned): one code exchange,
   * never two. A replay throws `AUTH_TRANSACTION_MISSING`; an unknown state `AUTH_STATE_MISMATCH`.
   */
  handleRedirectCallback(url?: string): Promise<{ appState?: unknown }>
  /**
   * The result of the redirect callback `start()` completed, once (then `undefined`); also
   * `undefined` when there was none or it failed (the error is in the snapshot).
   */
  takeRedirectResult(): { appState?: unknown } | undefined
  /** Login in a popup, opened synchronously: call it straight from the click handler. */
  loginWithPopup(options?: PopupLoginOptions): Promise<User | undefined>
  /** A fresh access token: cached, or refreshed once across all tabs. The only way to a token. */
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>
  /**
   * `fetch` with the access token (Bearer, or DPoP with a proof); after a 401 `invalid_token`,
   * refreshes and retries once. Sends the token to whatever URL it is given: call it for your APIs.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  /** The ID token's claims (one object per ID token), or undefined when signed out. */
  getUser(): User | undefined
  /** Same claims, typed as validated ID token claims. */
  getIdTokenClaims(): IdTokenClaims | undefined
  /**
   * Revokes the refresh token, clears the session in every tab, then (when `federated`) ends the
   * provider session by RP-initiated logout.
   */
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
  const channel = createChannel<Message>(name)
  let started: Promise<AuthState> | undefined
  let ctx: Promise<ClientContext> | undefined
  let detach: (() => void)[] = []
  let user: { idToken: string | undefined; user: User } | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let redirectResult: { appState?: unknown } | undefined
  // Bumped whenever the session ends (or another replaces it), here or in another tab: work that
  // began before must not bring the old one back.
  let epoch = 0

  const signedOut = () => new AuthError(AUTH_LOGIN_REQUIRED, 'not signed in')
  const origin = () => location.origin + '/'
  const now = () => Date.now()
  const keyOf = (audience = o.audience, scope?: string) =>
    `${name}|${audience ?? ''}|${normalizeScope(o.scope, scope, 'offline_access')}`
  // The session a login creates; the grant's one refresh token lives here.
  const main = keyOf()
  // Transactions belong to this issuer and client: another client on the origin never takes them.
  const txKey = (state: string) => name + state

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

  // Refresh this long before expiry: the leeway, but at most half the token's lifetime, so a
  // short-lived token is not "always expired" (a refresh loop).
  const due = (session: Session) =>
    session.expires_at! - Math.min(o.refreshLeewaySeconds, (session.expires_at! - session.at / 1000) / 2)
  const fresh = (session: Session | undefined): session is Session =>
    !!session && (!session.expires_at || due(session) > now() / 1000)

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
    if ((['status', 'user', 'expiresAt', 'error'] as const).some((field) => current[field] !== next[field])) {
      store.set(next)
    }
    if (session) schedule(session)
  }

  // Optional proactive refresh: one timer per tab; the lock keeps it to one request across tabs.
  // A hidden page only re-arms it.
  const schedule = (session: Session) => {
    clearTimeout(timer)
    if (!o.refreshAhead || !session.expires_at || !started) return
    timer = setTimeout(
      () => (document.hidden ? schedule(session) : void token().catch(() => {})),
      Math.max(due(session) * 1000 - now(), 1000),
    )
  }

  const save = async (key: string, session: Session) => {
    memory.set(key, session)
    await s().tokens.set(key, session)
    channel.post({ type: 'tokens-updated', key })
    if (key == main) publish(session)
  }

  // Forgets the session (ending work in flight for it) and deletes this client's token records.
  const dropTokens = async () => {
    epoch++
    memory.clear()
    clearTimeout(timer)
    const kv = s().tokenKv
    for (const [key] of await kv.entries()) if (key.startsWith('tokens:' + name)) await kv.del(key)
  }

  const clearLocal = async (error?: AuthError) => {
    await dropTokens()
    channel.post({ type: 'signed-out', ended: !!error })
    publish(undefined, error)
  }

  // Reads a record into memory; undefined when the session ended meanwhile.
  const read = async (key: string) => {
    const e = epoch
    const session = await s().tokens.get(key)
    if (e != epoch) return undefined
    if (session) memory.set(key, session)
    else memory.delete(key)
    return session
  }

  const onMessage = (message: Message) => {
    if (message?.type == 'signed-out') {
      dpop = undefined // the key is gone with the session
      // (A memory cache is this tab's own: its records go too.)
      void dropTokens()
      publish(undefined, message.ended ? signedOut() : undefined)
    } else if (message?.type == 'tokens-updated') {
      // A refresh, or a login (maybe of another user: then every cached token is stale).
      if (message.key != main) memory.delete(message.key)
      else {
        memory.clear()
        void read(main).then(
          (session) => session && publish(session),
          () => {},
        )
      }
    }
  }

  const cleanUrl = () => {
    const url = new URL(location.href)
    for (const param of ['code', 'state', 'iss', 'error', 'error_description', 'session_state']) {
      url.searchParams.delete(param)
    }
    history.replaceState(history.state, '', url)
  }

  // Validates, exchanges and stores; the transaction is consumed first so a callback can never
  // be exchanged twice, whatever the tabs, reloads or React do.
  const completeCallback = async (url: string): Promise<{ appState?: unknown }> => {
    const state = readCallbackState(url)
    // No single state (or no code/error): nothing here matches a login we started.
    if (!state) throw new AuthError(AUTH_STATE_MISMATCH, 'no state')
    const { txs } = s()
    const tx = await txs.take(txKey(state))
    if (!tx || 'used' in tx) {
      if (tx) await txs.put(txKey(state), tx)
      throw tx
        ? new AuthError(AUTH_TRANSACTION_MISSING, 'already used')
        : new AuthError(AUTH_STATE_MISMATCH, 'unknown state')
    }
    await txs.put(txKey(state), { used: 1, createdAt: tx.createdAt })
    const c = await context()
    const tokens = await exchangeCode(c, validateCallback(c, url, tx), { DPoP: await proof() })
    // A login replaces whatever this client held (maybe another user's tokens, for every API).
    await dropTokens()
    await save(main, { ...tokens, at: now() })
    return { appState: tx.appState }
  }

  const handleRedirectCallback = async (url = location.href) => {
    try {
      return await completeCallback(url)
    } finally {
      if (url == location.href) cleanUrl()
    }
  }

  const run = async (): Promise<AuthState> => {
    detach.push(channel.listen(onMessage))
    const href = location.href
    const [here, ours] = [new URL(href), new URL(o.redirectUri ?? origin())]
    let session: Session | undefined
    let error: unknown
    // Only a callback at our redirect URI is ours (another integration's `?code=` is not), and
    // there even a malformed one (no state) is reported, not ignored.
    if (
      here.origin + here.pathname == ours.origin + ours.pathname &&
      (here.searchParams.has('code') || here.searchParams.has('error'))
    ) {
      const state = readCallbackState(href)
      const tx = state ? ((await s().txs.peek(txKey(state))) as Transaction | undefined) : undefined
      // A popup relays to its opener, which checks origin, source and state (also when this
      // window cannot see the transaction, e.g. storage not shared).
      if (state && window.opener && (!tx || tx.mode == 'popup') && relayToOpener(href, state)) {
        window.close()
        return store.getSnapshot()
      }
      // COOP cut the opener: relay on the state's channel and give the opener a moment to take
      // the transaction; if it gave up (it saw the popup as closed), finish the login here: the
      // single-use transaction makes it one exchange either way, and every tab follows.
      if (tx?.mode == 'popup') {
        broadcastCallback(href, state!)
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
      try {
        redirectResult = await handleRedirectCallback(href)
      } catch (e) {
        error = e
      }
      if (tx?.mode == 'popup') window.close()
    }
    // A replayed callback (reload, back button) never harms a valid session: it is ignored when
    // signed in, and reported otherwise, in one step so nobody sees "signed out" without why.
    if (!redirectResult) {
      try {
        session = await read(main)
      } catch (e) {
        error ??= e
      }
      publish(session, session ? undefined : (error as AuthError | undefined))
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
    await s().txs.put(txKey(transaction.state), transaction)
    return { url, transaction }
  }

  // `since`: with cacheMode 'off', a token received after the call began is new enough.
  const refresh = async (
    key: string,
    audience: string | undefined,
    scope: string | undefined,
    since?: number,
  ) => {
    // Outside the lock: discovery must not hold up the other tabs.
    const c = await context()
    const DPoP = await proof()
    return withLock(name, o.timeouts.lockMs, async () => {
      const e = epoch
      const cached = await read(key)
      // Another tab (or call) may have refreshed while we waited for the lock.
      if (fresh(cached) && (since === undefined || cached.at > since)) return cached
      // One grant, one refresh token: it lives with the main session, which is also the base for
      // a token for another API or scope (Auth0 MRRT, RFC 8707-style), and gets the rotated one.
      const base = (key == main ? cached : await read(main)) ?? cached
      if (!base) throw signedOut()
      try {
        const params =
          key == main ? undefined : { scope: normalizeScope(o.scope, scope), ...(audience && { audience }) }
        const tokens = await refreshTokens(c, base, { DPoP, ...(params && { params }) })
        // Signed out (or another user signed in) meanwhile: this must not bring the old session back.
        if (e != epoch) throw signedOut()
        const session = { ...tokens, at: now() }
        if (base != cached) await save(main, { ...base, refresh_token: tokens.refresh_token })
        await save(key, session)
        return session
      } catch (error) {
        // Only a refused grant ends the session; anything else (network, 5xx, no refresh token
        // for another API) keeps it.
        if ((error as AuthError).error == 'invalid_grant') await clearLocal(error as AuthError)
        throw error
      }
    })
  }

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
      throw signedOut()
    }
    // Concurrent calls queue on the lock (Web Locks, or an in-tab queue without them) and re-read
    // the cache there: one refresh, whatever the number of callers and tabs.
    return refresh(key, audience, scope, cacheMode == 'off' ? calledAt : undefined)
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
      let c: ClientContext | undefined
      let failure: unknown
      let session: Session | undefined
      const end = async () => {
        session = await read(main)
        try {
          c = await context()
          if (revoke && session?.refresh_token) {
            await revokeToken(c, session.refresh_token, 'refresh_token', { DPoP: await proof() })
          }
        } catch (error) {
          failure = error // the local session ends regardless
        }
        await clearLocal()
      }
      // Under the lock: a refresh in flight in any tab finishes first and cannot bring the
      // session back, and the refresh token revoked is the latest. No lock in time: sign out here.
      await withLock(name, o.timeouts.lockMs, end).catch((error: unknown) => {
        failure ??= error
        return clearLocal()
      })
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
