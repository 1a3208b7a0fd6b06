// The demo's routes on React Router's data router. The protected route's `loader` is the guard
// (guards.ts): the route renders only once the session is known to be there.
import type { AuthClient } from '@lanyard/browser'
import { createBrowserRouter } from 'react-router'
import { App } from './App.tsx'
import { requireLoginLoader } from './guards.ts'
import { CheckingSession, Home, LoginFailed, NotFound, Protected } from './pages.tsx'

/** The demo's router; creating it runs the loaders of the current URL (call it once, at startup). */
export function createDemoRouter(auth: AuthClient): ReturnType<typeof createBrowserRouter> {
  return createBrowserRouter([
    {
      path: '/',
      Component: App,
      children: [
        { index: true, Component: Home },
        // The redirect URI: the home page shows while the callback completes.
        { path: 'callback', Component: Home },
        {
          path: 'protected',
          loader: requireLoginLoader(auth),
          HydrateFallback: CheckingSession,
          ErrorBoundary: LoginFailed,
          Component: Protected,
        },
        { path: '*', Component: NotFound },
      ],
    },
  ])
}
