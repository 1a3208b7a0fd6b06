import { AuthProvider } from '@lanyard/react'
import { RouterProvider } from '@tanstack/react-router'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { auth } from '../auth.ts'
import { ErrorBoundary, ErrorNotice, ErrorsProvider } from '../errors.tsx'
import '../styles.css'
import { createTanStackDemoRouter } from './routes.tsx'

const router = auth.client && createTanStackDemoRouter(auth.client)

// The redirect URI (/callback) belongs to the main demo, which completes the login and comes back
// here (appState.returnTo): this page never completes a callback itself.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      {auth.client && router ? (
        <AuthProvider client={auth.client}>
          <ErrorsProvider>
            <RouterProvider router={router} />
          </ErrorsProvider>
        </AuthProvider>
      ) : (
        <div className="fatal">
          <h1>The demo is misconfigured</h1>
          <ErrorNotice error={auth.error} />
        </div>
      )}
    </ErrorBoundary>
  </StrictMode>,
)
