// The route guards of the demo, one per router, both on the client's own login step
// (`auth.requireLogin()`: signed in → go on; else one silent refresh, then one redirect to login
// that comes back to the page; never a loop). The README's "Router recipes" are these.
import type { AuthClient } from '@lanyard/browser'
import type { LoaderFunction } from 'react-router'

/** The address bar without its fragment, as React Router's loader requests carry it. */
function addressBar(): string {
  const here = new URL(location.href)
  here.hash = ''
  return here.href
}

/**
 * A React Router (data router) `loader` that lets its route load only with a session, so nothing
 * of the route renders before the session is known (no flash on reload).
 */
export function requireLoginLoader(auth: AuthClient): LoaderFunction {
  return async ({ request }) => {
    // Loaders run before the address bar changes, and requireLogin() sends the user back to the
    // address bar: a link followed while signed out first loads its page, which guards itself.
    if (auth.getSnapshot().status !== 'authenticated' && request.url !== addressBar()) {
      location.assign(request.url)
      return new Promise<never>(() => {})
    }
    await auth.requireLogin()
    return null
  }
}

/**
 * A TanStack Router `beforeLoad` guard (the router's context carries the client). TanStack Router
 * updates the address bar before `beforeLoad` runs, so the login comes back to the right page.
 */
export function requireLoginBeforeLoad({ context }: { context: { auth: AuthClient } }): Promise<void> {
  return context.auth.requireLogin()
}
