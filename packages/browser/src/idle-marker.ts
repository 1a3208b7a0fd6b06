// An idle sign-out leaves the provider's session alive: until the user signs in again, every page
// of the origin must know, across reloads, so that no guard signs the absent user straight back in
// and the next login asks for the credentials (`prompt=login`). Not a secret: localStorage.

const keyOf = (sessionName: string) => `${sessionName}:idle`

/** Remembers that the session of `sessionName` ended for inactivity. */
export function markIdleSignOut(sessionName: string): void {
  try {
    localStorage.setItem(keyOf(sessionName), '1')
  } catch {
    // No localStorage (a sandboxed frame): the open tabs still know (`reason: 'idle'`).
  }
}

/** True after an idle sign-out, until the next login. */
export function endedIdle(sessionName: string): boolean {
  try {
    return localStorage.getItem(keyOf(sessionName)) !== null
  } catch {
    return false
  }
}

/** Forgets the idle sign-out (a login succeeded). */
export function clearIdleSignOut(sessionName: string): void {
  try {
    localStorage.removeItem(keyOf(sessionName))
  } catch {
    // Nothing was remembered.
  }
}
