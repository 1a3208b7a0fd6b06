// The TanStack Router page of the demo (tanstack.html, served for /tanstack and below): the same
// client and session as the main demo, the protected route guarded by `beforeLoad`.
import type { AuthClient } from '@lanyard/browser'
import { useAuth } from '@lanyard/react'
import {
  Link,
  Outlet,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type ErrorComponentProps,
} from '@tanstack/react-router'
import { displayName } from '../components/Profile.tsx'
import { SignInButtons } from '../components/SignInButtons.tsx'
import { ErrorBanner, ErrorNotice } from '../errors.tsx'
import { requireLoginBeforeLoad } from '../guards.ts'
import { TANSTACK_BASE } from './path.ts'

function Layout() {
  const { status, user, logout } = useAuth()
  return (
    <div className="app">
      <header className="header">
        <div className="header-inner">
          <a href="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              L
            </span>
            Lanyard <span className="brand-sub">TanStack Router</span>
          </a>
          <nav className="nav" aria-label="Main">
            <Link to="/" activeOptions={{ exact: true }}>
              Home
            </Link>
            <Link to="/protected">Protected</Link>
          </nav>
          <div className="session" data-testid="status" data-status={status}>
            {status === 'authenticated' && user && (
              <>
                <span className="pill pill-in">{displayName(user)}</span>
                <button type="button" className="btn btn-ghost" onClick={() => void logout()}>
                  Sign out
                </button>
              </>
            )}
            {status === 'unauthenticated' && <span className="pill pill-out">Signed out</span>}
            {status === 'loading' && <span className="pill pill-loading">Loading…</span>}
          </div>
        </div>
      </header>
      <main className="main">
        <ErrorBanner />
        <Outlet />
      </main>
    </div>
  )
}

function Home() {
  const { status } = useAuth()
  return (
    <section className="card">
      <h1 className="card-title">TanStack Router</h1>
      <p className="muted">
        The protected route's <code>beforeLoad</code> awaits <code>auth.requireLogin()</code>: it loads only
        with a session. The main demo does the same with a React Router <code>loader</code>.
      </p>
      {status === 'unauthenticated' && <SignInButtons />}
    </section>
  )
}

function ProtectedPage() {
  const { user } = useAuth()
  return (
    <section className="card protected" data-testid="protected">
      <span className="badge">beforeLoad guard</span>
      <h1 className="card-title">Members only</h1>
      <p>
        Hello <strong>{user && displayName(user)}</strong>. This route loads only with a session.
      </p>
    </section>
  )
}

function CheckingSession() {
  return (
    <div className="pending" role="status">
      <span className="spinner" aria-hidden="true" />
      Checking your session…
    </div>
  )
}

function SignInFailed({ error }: ErrorComponentProps) {
  return (
    <section className="card">
      <h1 className="card-title">Sign-in failed</h1>
      <ErrorNotice error={error} />
      <SignInButtons />
    </section>
  )
}

const root = createRootRouteWithContext<{ auth: AuthClient }>()({ component: Layout })
const home = createRoute({ getParentRoute: () => root, path: '/', component: Home })
const protectedRoute = createRoute({
  getParentRoute: () => root,
  path: 'protected',
  beforeLoad: requireLoginBeforeLoad,
  pendingComponent: CheckingSession,
  errorComponent: SignInFailed,
  component: ProtectedPage,
})

/** The TanStack Router page's router; the client goes in its context, for the guard. */
export function createTanStackDemoRouter(auth: AuthClient) {
  return createRouter({
    routeTree: root.addChildren([home, protectedRoute]),
    basepath: TANSTACK_BASE,
    context: { auth },
    // The pending component shows at once (the route itself waits for the guard either way).
    defaultPendingMs: 0,
    defaultPendingMinMs: 0,
  })
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createTanStackDemoRouter>
  }
}
