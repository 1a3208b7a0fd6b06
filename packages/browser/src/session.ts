import { AUTH_LOGIN_REQUIRED, normalizeScope, AuthError } from '@lanyard/core'
import { clearIdleSignOut } from './idle-marker.ts'
import { LOADING, type AuthState, type SignedOutReason, type User } from './auth-state.ts'
import type { Channel } from './channel.ts'
import type { ClientStorage, TokenRecord } from './client-storage.ts'
import type { ResolvedOptions } from './options.ts'
import type { SessionHint } from './session-hint.ts'
import { createStore, type Store } from './store.ts'

/** What tabs of one client tell each other. */
export type CrossTabMessage =
  /**
   * The record itself, always: a tab that works from memory after a storage fault cannot read the
   * disk, and the others cannot read its memory; with it, every tab holds the newest refresh token.
   * (Same-origin only, like the database; a message without one, from an older version, makes the
   * others read their store.) `unsaved`: the sender's tokens live in its memory, not on the disk.
   */
  | { type: 'tokens-updated'; key: string; record?: TokenRecord; unsaved?: boolean }
  | { type: 'signed-out'; reason: SignedOutReason }
  /** A tab starting: whoever holds the session says so (`session-held`), faster than its disk read. */
  | { type: 'session-wanted'; id: string; key: string }
  | { type: 'session-held'; id: string; key: string; record: TokenRecord }

/** Hooks the rest of the client hangs on the session. */
export interface SessionHooks {
  /**
   * A session was published (the refresh-ahead timer re-arms); `onDisk`: a reload of this tab
   * would read it (not a memory-only record, here or handed over by a tab that could not save it).
   */
  onPublish(record: TokenRecord, onDisk: boolean): void
  /** The session was dropped, here or in another tab (timers stop). */
  onDrop(): void
  /** The snapshot was published signed out. */
  onSignedOut?(): void
  /** Another tab signed out (the DPoP key went with it). */
  onSignedOutElsewhere(): void
  /** More fields of an authenticated snapshot (the session lifecycle's warnings). */
  annotate?(): Partial<AuthState> | undefined
}

/** The session of one issuer + client in this tab: memory copy, storage, snapshot, other tabs. */
export interface Session {
  readonly store: Store<AuthState>
  /** `lanyard:<issuer>:<clientId>`: the lock and channel name, and the token keys' prefix. */
  readonly name: string
  /** The cache key of the tokens for `audience` + `scope` (+ RFC 8707 `resource`). */
  keyOf(audience?: string, scope?: string, resource?: string): string
  /** The key of the session a login creates; the grant's one refresh token lives there. */
  readonly mainKey: string
  /** The record in memory (no I/O). */
  cached(key: string): TokenRecord | undefined
  /** Reads a record into memory; the memory copy when the session ended or was replaced meanwhile. */
  read(key: string): Promise<TokenRecord | undefined>
  /**
   * {@link read} of the main session at start-up, which also asks the other tabs: a tab's answer
   * before the disk's is taken at once, and the disk's, when it differs, is published after it.
   */
  restore(): Promise<TokenRecord | undefined>
  /**
   * Stores a record, tells the other tabs, and publishes it when it is the main session. `replace`
   * (a login): every other record of this client goes, in the same storage transaction.
   */
  save(key: string, record: TokenRecord, replace?: boolean): Promise<void>
  /** Forgets the session (ending work in flight for it) and deletes this client's token records. */
  drop(): Promise<void>
  /** Drops the session, tells the other tabs why, and publishes the signed-out state. */
  end(reason: SignedOutReason, error?: AuthError): Promise<void>
  /** Publishes `record` (or none, with why): the snapshot changes only when what it shows does. */
  publish(
    record: TokenRecord | undefined,
    why?: { error?: AuthState['error']; reason?: SignedOutReason | undefined },
  ): void
  /**
   * Shows `hint` (a reload's, see session-hint.ts) while the snapshot is still loading: true when
   * it did. The first record published keeps its user object when its claims are the same.
   */
  show(hint: SessionHint | undefined): boolean
  /** Bumped whenever the session ends or is replaced: work begun before must not revive it. */
  epoch(): number
  /** The current user: one object per ID token. */
  user(): User | undefined
  /** Handles a message from another tab. */
  onMessage(message: CrossTabMessage): void
}

/** The error for "there is no session to get a token from". */
export const signedOut = (): AuthError => new AuthError(AUTH_LOGIN_REQUIRED, 'not signed in')

/** Creates the {@link Session}; it touches storage only when used. */
export function createSession(
  options: Pick<ResolvedOptions, 'issuer' | 'clientId' | 'audience' | 'scope' | 'resource'>,
  storage: () => ClientStorage,
  channel: Channel<CrossTabMessage>,
  hooks: SessionHooks,
): Session {
  const name = `lanyard:${options.issuer}:${options.clientId}`
  const store = createStore<AuthState>(LOADING)
  const memory = new Map<string, TokenRecord>()
  let epoch = 0
  let current: { idToken: string | undefined; user: User } | undefined
  // The user a hint showed, until the first publish: the same claims keep the same object.
  let hinted: User | undefined

  const keyOf = (audience = options.audience, scope?: string, resource = options.resource) =>
    `${name}|${audience ?? ''}|${normalizeScope(options.scope, scope, 'offline_access')}` +
    (resource ? `|${resource}` : '')
  const mainKey = keyOf()

  const publish: Session['publish'] = (record, why = {}) => {
    if (!record || (hinted && !record.claims)) current = undefined
    else if (record.claims && current?.idToken !== record.id_token) {
      const same = hinted && JSON.stringify(hinted) === JSON.stringify(record.claims)
      current = { idToken: record.id_token, user: same ? hinted! : record.claims }
    }
    hinted = undefined
    const next: AuthState = record
      ? { status: 'authenticated', user: current?.user, expiresAt: record.expires_at, ...hooks.annotate?.() }
      : { status: 'unauthenticated', error: why.error, reason: why.reason }
    const shown = store.getSnapshot()
    // What it shows, and the lifecycle's warnings.
    const fields = [
      'status',
      'user',
      'expiresAt',
      'error',
      'reason',
      'idleExpiresAt',
      'sessionExpiresAt',
      'hinted',
    ] as const
    if (fields.some((field) => shown[field] !== next[field])) store.set(next)
    if (record) hooks.onPublish(record, !inMemoryOnly() && heldForOthers.get(mainKey) !== record)
    else hooks.onSignedOut?.()
  }

  // Records another tab could not write to disk: newer than what the disk holds for their key.
  // Only those: the disk is the truth otherwise (a tab that signed out has emptied it, and its
  // news may come after this tab's lock; the grant it ended must not be used).
  const heldForOthers = new Map<string, TokenRecord>()
  // This tab's tokens live in its memory (`cache: 'memory'`, or IndexedDB failed): not shared.
  const inMemoryOnly = () => {
    const { kv, tokenKv } = storage()
    return tokenKv !== kv || kv.degraded()
  }
  const read = async (key: string) => {
    const before = epoch
    // A tab that works from memory after a storage fault: its memory store starts empty, and what
    // this tab held is still its session (dropped only by news of a sign-out).
    const stored = (await storage().tokens.get(key)) ?? (inMemoryOnly() ? memory.get(key) : undefined)
    // Ended or replaced meanwhile: what memory holds now is newer than what was read.
    if (before !== epoch) return memory.get(key)
    const held = heldForOthers.get(key)
    const record = held && (!stored || held.at > stored.at) ? held : stored
    if (record) memory.set(key, record)
    else memory.delete(key)
    return record
  }

  // The start-up question this tab asked the others, until the first answer or its own read.
  let wanted: { id: string; answer(record: TokenRecord): void } | undefined
  const restore = async () => {
    const reading = read(mainKey)
    // A memory cache is this tab's own: nothing to ask (and its records are not on the disk).
    if (inMemoryOnly()) return reading
    const before = epoch
    const id = String(Math.random())
    const answered = new Promise<TokenRecord>((answer) => (wanted = { id, answer }))
    channel.post({ type: 'session-wanted', id, key: mainKey })
    const held = await Promise.race([
      reading.then(
        () => undefined,
        () => undefined,
      ),
      answered,
    ])
    wanted = undefined
    // The disk answered first, or the session ended or was replaced meanwhile: as without asking.
    if (!held || before !== epoch) return reading
    memory.set(mainKey, held)
    // The disk has the last word (the answer may predate a write, or a sign-out whose news is on
    // its way): what it holds, when it is another record, replaces what was shown.
    void reading.then(
      (stored) => {
        if (before !== epoch || stored?.at === held.at) return
        if (!stored) hooks.onDrop()
        publish(stored)
      },
      () => {},
    )
    return held
  }

  // A session ends or another replaces it: work begun before must not serve or store its records.
  const forget = () => {
    epoch++
    memory.clear()
    heldForOthers.clear()
  }

  const drop = async () => {
    forget()
    hooks.onDrop()
    await storage().tokenKv.replace('tokens:' + name + '|', [])
  }

  return {
    store,
    name,
    keyOf,
    mainKey,
    cached: (key) => memory.get(key),
    read,
    restore,
    async save(key, record, replace) {
      if (replace) forget()
      memory.set(key, record)
      await storage().tokens.set(key, record, replace ? name + '|' : undefined)
      // With the record: a tab whose store fails would otherwise refresh with an older refresh
      // token than the one just rotated, and reuse detection ends the grant.
      channel.post({ type: 'tokens-updated', key, record, unsaved: inMemoryOnly() })
      if (key === mainKey) publish(record)
      // A login: the user proved presence. (After the snapshot: localStorage's first use is slow.)
      if (replace) clearIdleSignOut(name)
    },
    drop,
    async end(reason, error) {
      await drop()
      channel.post({ type: 'signed-out', reason })
      publish(undefined, { error, reason })
    },
    publish,
    show(hint) {
      if (!hint || store.getSnapshot().status !== 'loading') return false
      hinted = hint.user
      current = hint.user && { idToken: undefined, user: hint.user }
      store.set({ status: 'authenticated', user: hint.user, expiresAt: hint.expiresAt, hinted: true })
      return true
    },
    epoch: () => epoch,
    user: () => current?.user,
    onMessage(message) {
      if (message?.type === 'signed-out') {
        hooks.onSignedOutElsewhere()
        // (A memory cache is this tab's own: its records go too.)
        void drop().catch(() => {})
        const reason = message.reason ?? 'logout'
        publish(undefined, { error: reason === 'ended' ? signedOut() : undefined, reason })
      } else if (message?.type === 'session-wanted') {
        // The same session only (another audience, scope or client is another key), and only a
        // record the disk holds too: not one this tab works with from memory, nor one held for a
        // tab that could not save it (a memory cache's login, a tab after a storage fault).
        const record = memory.get(mainKey)
        const onDisk = !inMemoryOnly() && !heldForOthers.has(mainKey)
        if (message.key === mainKey && record && onDisk) {
          channel.post({ type: 'session-held', id: message.id, key: mainKey, record })
        }
      } else if (message?.type === 'session-held') {
        const { id, key, record } = message
        if (id === wanted?.id && key === mainKey && typeof record?.access_token === 'string')
          wanted.answer(record)
      } else if (message?.type === 'tokens-updated') {
        const { key, record } = message
        const main = key === mainKey
        // A refresh, or a login (maybe of another user): a refresh of ours in flight cannot be the
        // former (the lock), so its answer, and every cached token, belong to a replaced session.
        if (main) forget()
        if (record) {
          if (message.unsaved || inMemoryOnly()) heldForOthers.set(key, record)
          memory.set(key, record)
          if (main) publish(record)
        } else if (!main) memory.delete(key)
        else {
          void read(mainKey).then(
            (stored) => stored && publish(stored),
            () => {},
          )
        }
      }
    },
  }
}
