// Browser-only: called from an effect after a redirect login, never at import or during render.

/**
 * The default `onRedirectCallback`: puts `appState.returnTo` back in the address bar with
 * `history.replaceState`. Only a same-origin path is honoured (`/x?y#z`), so a crafted `returnTo`
 * can never send the user elsewhere. Routers that keep their own location should pass their own
 * callback (e.g. `navigate(returnTo, { replace: true })`).
 */
export function restoreReturnTo(appState: unknown): void {
  const returnTo =
    typeof appState === 'object' && appState ? (appState as { returnTo?: unknown }).returnTo : undefined
  // '/x' but not '//host' or '/\host' (protocol-relative); the origin check catches the rest.
  if (typeof returnTo !== 'string' || !/^\/(?![/\\])/.test(returnTo)) return
  const url = new URL(returnTo, location.href)
  if (url.origin !== location.origin) return
  history.replaceState(history.state, '', url.pathname + url.search + url.hash)
}
