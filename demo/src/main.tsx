import { AuthProvider, restoreReturnTo } from '@lanyard/react'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { RouterProvider } from 'react-router'
import { auth } from './auth.ts'
import { config } from './config.ts'
import { ErrorBoundary, ErrorNotice, ErrorsProvider } from './errors.tsx'
import { createDemoRouter } from './router.ts'
import { isTanStackPath } from './tanstack/path.ts'
import './styles.css'

// Created before the first render: the current route's loader (the guard) starts at once.
const router = auth.client && createDemoRouter(auth.client)

/**
 * After a redirect login: leave /callback for the home page, or for `appState.returnTo` when the
 * login came from a protected page (`restoreReturnTo` accepts same-origin paths only).
 */
function onRedirectCallback(appState: unknown) {
  if (location.pathname === '/callback') history.replaceState(history.state, '', '/')
  restoreReturnTo(appState)
  // The login began on the TanStack Router page (tanstack.html): another document, load it.
  if (isTanStackPath(location.pathname)) return location.reload()
  void router?.navigate(location.pathname + location.search + location.hash, { replace: true })
}

createRoot(document.getElementById('root')!).render(
  // StrictMode mounts twice and runs effects twice in development: Lanyard still makes one code
  // exchange per login (the e2e suite counts the token requests).
  <StrictMode>
    <ErrorBoundary>
      {auth.client && router ? (
        <AuthProvider client={auth.client} onRedirectCallback={onRedirectCallback}>
          <ErrorsProvider>
            <RouterProvider router={router} />
          </ErrorsProvider>
        </AuthProvider>
      ) : (
        <div className="fatal">
          <h1>The demo is misconfigured</h1>
          <ErrorNotice error={auth.error} />
          <p>
            Issuer <code>{config.issuer}</code>, client <code>{config.clientId}</code>. Check the{' '}
            <code>VITE_LANYARD_*</code> variables (see <code>demo/.env.example</code>).
          </p>
        </div>
      )}
    </ErrorBoundary>
  </StrictMode>,
)
