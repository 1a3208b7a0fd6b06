// Browser-only helpers, called from effects and callbacks, never at import or during render (SSR).

/**
 * Whether `href` is an authorization response, by the rule the client's `start()` uses: exactly
 * one non-empty `state`, plus `code` or `error`.
 */
export function isCallbackUrl(href: string): boolean {
  const params = new URL(href).searchParams
  const states = params.getAll('state')
  return states.length == 1 && !!states[0] && (params.has('code') || params.has('error'))
}

/**
 * Whether this window may be a login popup. Its callback is left to `client.start()`, which
 * relays it to the opener instead of exchanging it here.
 */
export function mayBePopup(): boolean {
  return !!window.opener || window.name == 'lanyard-popup'
}

/**
 * The default `onRedirectCallback`: puts `appState.returnTo` back in the address bar with
 * `history.replaceState`. Only a same-origin path is honoured (`/x?y#z`), so a crafted `returnTo`
 * can never send the user elsewhere. Routers that keep their own location should pass their own
 * callback (e.g. `navigate(returnTo, { replace: true })`).
 */
export function restoreReturnTo(appState: unknown): void {
  const returnTo =
    typeof appState == 'object' && appState ? (appState as { returnTo?: unknown }).returnTo : undefined
  // '/x' but not '//host' or '/\host' (protocol-relative); the origin check catches the rest.
  if (typeof returnTo != 'string' || !/^\/(?![/\\])/.test(returnTo)) return
  const url = new URL(returnTo, location.href)
  if (url.origin != location.origin) return
  history.replaceState(history.state, '', url.pathname + url.search + url.hash)
}
