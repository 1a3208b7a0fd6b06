import { AUTH_INVALID_RESPONSE, AuthError, type TokenSet } from '@lanyard/core'
import type { AuthState } from './auth-state.ts'
import type { GetAccessTokenOptions } from './auth-client.ts'
import type { TokenRecord } from './client-storage.ts'
import { withLock } from './lock.ts'
import { lockHoldMs, type ResolvedOptions } from './options.ts'
import type { ProviderLink } from './provider-link.ts'
import { signedOut, type Session } from './session.ts'

/** Fresh access tokens: from memory, the cache, or one refresh across all tabs. */
export interface TokenSource {
  /** The record holding a fresh token for audience + scope (refreshed when needed). */
  token(options?: GetAccessTokenOptions): Promise<TokenRecord>
  /** The fresh record in memory for these options, if any: {@link token}'s answer without I/O. */
  fresh(options?: GetAccessTokenOptions): TokenRecord | undefined
  /**
   * Arms the timer for `record`: refresh ahead of expiry (with `refreshAhead`), or, when there is
   * no refresh token, end the session at expiry (`reason: 'expired'`, every tab).
   */
  schedule(record: TokenRecord): void
  /** True when `record` can no longer serve a token and nothing can renew it: it has expired. */
  isDead(record: TokenRecord): boolean
  /** When `record`'s session is over (epoch ms): none while it can be refreshed (see {@link isDead}). */
  deadAt(record: TokenRecord): number | undefined
  /** Stops the refresh-ahead timer. */
  stopTimer(): void
}

/** What the token source needs from the client. */
export interface TokenSourceDeps {
  options: ResolvedOptions
  session: Session
  provider: ProviderLink
  /** `start()`: tokens are served only once the session is restored (or a callback completed). */
  start(): Promise<AuthState>
  isStarted(): boolean
}

/** Creates the {@link TokenSource}. */
export function createTokenSource({
  options,
  session,
  provider,
  start,
  isStarted,
}: TokenSourceDeps): TokenSource {
  let timer: ReturnType<typeof setTimeout> | undefined
  const now = () => Date.now()

  // Refresh this long before expiry: the leeway, but at most half the token's lifetime, so a
  // short-lived token is not "always expired" (a refresh loop).
  const dueAt = (record: TokenRecord) =>
    record.expires_at! - Math.min(options.refreshLeewaySeconds, (record.expires_at! - record.at / 1000) / 2)
  const isFresh = (record: TokenRecord | undefined): record is TokenRecord =>
    !!record && (!record.expires_at || dueAt(record) > now() / 1000)

  // Optional proactive refresh: one timer per tab; the lock keeps it to one request across tabs.
  // A hidden page only re-arms it.
  // No refresh token (some providers issue none): the session ends when the access token does.
  const deadAt = (record: TokenRecord) =>
    record.refresh_token || !record.expires_at ? undefined : dueAt(record) * 1000
  const isDead = (record: TokenRecord) => !record.refresh_token && !isFresh(record)
  const expire = () => session.end('expired').catch(() => {})

  const schedule = (record: TokenRecord) => {
    clearTimeout(timer)
    if (!record.expires_at || !isStarted()) return
    if (!record.refresh_token) {
      timer = setTimeout(
        () => (isDead(record) ? expire() : schedule(record)),
        Math.max(dueAt(record) * 1000 - now(), 0),
      )
      return
    }
    if (!options.refreshAhead) return
    timer = setTimeout(
      () => (document.hidden ? schedule(record) : void token().catch(() => {})),
      Math.max(dueAt(record) * 1000 - now(), 1000),
    )
  }

  // `since`: with cacheMode 'off', a token received after the call began is new enough.
  const refresh = async (
    key: string,
    { audience, scope, resource }: GetAccessTokenOptions,
    since?: number,
  ) => {
    // Outside the lock: discovery (and loading the protocol) must not hold up the other tabs.
    const [{ refreshTokens, isAccessTokenForAnotherAudience, otherTokenScope, sessionRefreshScope }, ctx] =
      await Promise.all([provider.protocol(), provider.context()])
    const DPoP = await provider.proof()
    const holdMs = lockHoldMs(options.timeouts)
    return withLock(
      session.name,
      options.timeouts.lockMs,
      async () => {
        const epoch = session.epoch()
        const cached = await session.read(key)
        // Another tab (or call) may have refreshed while we waited for the lock.
        if (isFresh(cached) && (since === undefined || cached.at > since)) return cached
        // One grant, one refresh token: it lives with the main session, which is also the base for
        // a token for another API or scope (Auth0 MRRT, RFC 8707-style), and gets the rotated one.
        const base = (key === session.mainKey ? cached : await session.read(session.mainKey)) ?? cached
        if (!base) throw signedOut()
        const main = key === session.mainKey
        // A new record for the session keeps what its login asked for (its refreshes name it).
        const sessionRecord = (tokens: TokenSet): TokenRecord => ({ ...tokens, at: now(), asked: base.asked })
        // The session's refresh: its scope only where the provider needs it again (Entra ID), and
        // the API (RFC 8707) its login asked for, named again: a provider may issue that API's
        // token only then (and takes one at the token endpoint).
        const refreshSession = () => {
          const sessionScope = sessionRefreshScope(options, ctx.as, base.asked)
          const [sessionResource, ...more] = base.asked?.resource ?? [options.resource ?? []].flat()
          return refreshTokens(ctx, base, {
            DPoP,
            params: sessionScope ? { scope: sessionScope } : {},
            ...(sessionResource && more.length === 0 && { resource: sessionResource }),
          })
        }
        // A token for another API or scope, on the session's grant.
        const refreshOther = () =>
          refreshTokens(ctx, base, {
            DPoP,
            params: {
              scope: otherTokenScope(options, ctx.as, { audience, scope, resource }),
              ...(audience && { audience }),
              ...(resource && { resource }),
            },
          })
        // Another API's token refused (`invalid_grant`): the grant may be over, or only that API
        // refused (Entra ID: consent to its scope is missing, AADSTS65001). The session's own
        // refresh tells which (and keeps the session's record current when the grant lives).
        const grantIsOver = async () => {
          try {
            const tokens = await refreshSession()
            if (epoch === session.epoch()) await session.save(session.mainKey, sessionRecord(tokens))
            return false
          } catch (error) {
            return (error as AuthError).error === 'invalid_grant'
          }
        }
        try {
          const tokens = await (main ? refreshSession() : refreshOther())
          provider.warnIfNotBound(DPoP, tokens)
          // Signed out (or another user signed in) meanwhile: this must not bring the old session back.
          if (epoch !== session.epoch()) throw signedOut()
          // An RFC 8707 server may ignore `audience` (or a server `resource`): a JWT access token
          // that says it is for someone else is never cached as this API's.
          const expected = main ? undefined : (resource ?? audience)
          if (expected && isAccessTokenForAnotherAudience(tokens.access_token, expected)) {
            if (base !== cached)
              await session.save(session.mainKey, { ...base, refresh_token: tokens.refresh_token })
            throw new AuthError(AUTH_INVALID_RESPONSE, `refresh: the access token is not for ${expected}`)
          }
          const record = main ? sessionRecord(tokens) : { ...tokens, at: now() }
          if (base !== cached)
            await session.save(session.mainKey, { ...base, refresh_token: tokens.refresh_token })
          await session.save(key, record)
          return record
        } catch (error) {
          // Only a refused grant ends the session; anything else (network, 5xx, no refresh token
          // for another API, that API's consent) keeps it. And only if it is still the session: a
          // login that finished in another tab meanwhile stored a new grant, which this refusal
          // says nothing about.
          if ((error as AuthError).error === 'invalid_grant' && (main || (await grantIsOver()))) {
            const stored = await session.read(session.mainKey).catch(() => undefined)
            if (!stored || stored.refresh_token === base.refresh_token)
              await session.end('ended', error as AuthError)
          }
          throw error
        }
      },
      holdMs,
    )
  }

  // The main session's key when nothing asks otherwise: no scope to normalize on the hot path.
  const keyFor = ({ audience, scope, resource }: GetAccessTokenOptions) =>
    audience === undefined && scope === undefined && resource === undefined
      ? session.mainKey
      : session.keyOf(audience, scope, resource)

  const fresh = (request: GetAccessTokenOptions = {}) => {
    const hit = request.cacheMode === 'off' ? undefined : session.cached(keyFor(request))
    return isFresh(hit) ? hit : undefined
  }

  const token = async (request: GetAccessTokenOptions = {}) => {
    const hit = fresh(request)
    if (hit) return hit
    const { cacheMode = 'on' } = request
    const calledAt = now()
    const key = keyFor(request)
    await start()
    // Restored meanwhile (a reload shown from its hint reads the disk after start() resolved).
    const restored = fresh(request)
    if (restored) return restored
    const main = session.cached(session.mainKey)
    if (main && isDead(main)) {
      await expire()
      throw signedOut()
    }
    if (cacheMode === 'cache-only') {
      const cached = await session.read(key)
      if (isFresh(cached)) return cached
      throw signedOut()
    }
    // Concurrent calls queue on the lock (Web Locks, or an in-tab queue without them) and re-read
    // the cache there: one refresh, whatever the number of callers and tabs.
    return refresh(key, request, cacheMode === 'off' ? calledAt : undefined)
  }

  return { token, fresh, schedule, isDead, deadAt, stopTimer: () => clearTimeout(timer) }
}
