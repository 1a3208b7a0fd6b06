// The route guards of the demo, one per router, both on the client's own login step
// (`auth.requireLogin()`: signed in → go on; else one silent refresh, then one redirect to login
// that comes back to the page; never a loop). The README's "Router recipes" are these.
import type { AuthClient } from '@lanyard/browser'
import type { LoaderFunction } from 'react-router'

/**
 * A React Router (data router) `loader` that lets its route load only with a session, so nothing
 * of the route renders before the session is known (no flash on reload).
 */
export function requireLoginLoader(auth: AuthClient): LoaderFunction {
  return async ({ request }) => {
    // Loaders run before the address bar changes: the login comes back to the page being loaded.
    await auth.requireLogin({ returnTo: request.url })
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
