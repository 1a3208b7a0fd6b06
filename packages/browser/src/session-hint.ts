import type { User } from './auth-state.ts'

// A reload shows the signed-in user at once from this tab's hint, instead of after opening and
// decrypting IndexedDB (which then has the last word). sessionStorage: this tab only, gone with it,
// read synchronously. Never a token: the snapshot's fields only (what `getUser()` shows anyway).

/** What a reload shows before IndexedDB answers: the snapshot's user and expiry, never a token. */
export interface SessionHint {
  /** The ID token's claims, as the snapshot shows them (none without an ID token). */
  user?: User | undefined
  /** The access token's expiry, epoch seconds. */
  expiresAt?: number | undefined
  /** When a session without a refresh token is over, epoch ms (none: it can be refreshed). */
  deadAt?: number | undefined
}

/** This tab's hint for one session; every method swallows a missing or refused sessionStorage. */
export interface SessionHints {
  /** The hint, when there is a well-formed one that is not over. */
  read(): SessionHint | undefined
  /** Stores `hint` (only when it differs from what this page stored last). */
  write(hint: SessionHint): void
  /** Removes the hint, and the client's hints under its other session keys (an earlier config's). */
  clear(): void
}

const optionalNumber = (value: unknown) => value === undefined || typeof value === 'number'

// Same origin only, but checked like any input: a malformed hint is no hint.
const isHint = (value: unknown): value is SessionHint => {
  const hint = value as SessionHint | null
  return (
    typeof hint === 'object' &&
    hint !== null &&
    !Array.isArray(hint) &&
    (hint.user === undefined || (typeof hint.user === 'object' && typeof hint.user?.sub === 'string')) &&
    optionalNumber(hint.expiresAt) &&
    optionalNumber(hint.deadAt)
  )
}

/**
 * Creates the {@link SessionHints} of the session whose key is `sessionKey` (nothing is read yet);
 * `clientName` (`lanyard:<issuer>:<client>`, the start of every session key of the client) scopes
 * what `clear()` removes.
 */
export function createSessionHints(
  sessionKey: string,
  clientName = sessionKey,
  now = Date.now,
): SessionHints {
  const key = `${sessionKey}|hint`
  const isClientHint = (stored: string | null) =>
    !!stored && (stored === key || (stored.startsWith(`${clientName}|`) && stored.endsWith('|hint')))
  let written: string | undefined
  return {
    read() {
      try {
        const text = sessionStorage.getItem(key)
        const hint: unknown = JSON.parse(text ?? 'null')
        if (!isHint(hint) || (hint.deadAt !== undefined && hint.deadAt <= now())) return undefined
        written = text! // the disk's confirmation writes nothing (a write blocks the page for ms)
        return hint
      } catch {
        return undefined // no sessionStorage (a sandboxed frame), or not JSON
      }
    },
    write(hint) {
      const text = JSON.stringify(hint)
      if (text === written) return
      try {
        sessionStorage.setItem(key, text)
        written = text
      } catch {
        // Full or refused: the next reload waits for IndexedDB, as without a hint.
      }
    },
    clear() {
      written = undefined
      try {
        // Backwards: removing shifts the indexes after it.
        for (let index = sessionStorage.length - 1; index >= 0; index--) {
          const stored = sessionStorage.key(index)
          if (isClientHint(stored)) sessionStorage.removeItem(stored!)
        }
      } catch {
        // Nothing was stored.
      }
    },
  }
}
