import { RequireAuth, useAuth } from '@lanyard/react'
import { useLocation, useRouteError } from 'react-router'
import { ApiCard } from './components/ApiCard.tsx'
import { Link } from './components/Link.tsx'
import { displayName, ProfileCard } from './components/Profile.tsx'
import { SignInButtons } from './components/SignInButtons.tsx'
import { TokenCard } from './components/TokenCard.tsx'
import { config } from './config.ts'
import { ErrorNotice } from './errors.tsx'

export function Home() {
  const { status, user } = useAuth()
  if (status === 'loading') return <Pending>Restoring your session…</Pending>
  if (status === 'unauthenticated' || !user) {
    return (
      <>
        <section className="hero">
          <h1>Sign in to try Lanyard</h1>
          <p className="lead">
            Authorization Code with PKCE against <code>{config.issuer}</code>, with the redirect or a popup.
            {config.devProvider && ' The dev provider takes any username and password.'}
          </p>
          <SignInButtons />
        </section>
        <TabsNote />
      </>
    )
  }
  return (
    <>
      <h1 className="page-title">
        Welcome, <span data-testid="welcome">{displayName(user)}</span>
      </h1>
      <div className="grid">
        <div className="stack">
          <ProfileCard user={user} />
          <section className="card card-link">
            <h2 className="card-title">A protected page</h2>
            <p className="muted">
              Guarded by its React Router <code>loader</code> (<code>auth.requireLogin()</code>): nothing of
              it renders without a session, and signed-out visitors go to the provider and come back to it.
            </p>
            <Link href="/protected" className="btn btn-secondary">
              Open the protected page →
            </Link>
            <p className="muted small">
              The same guard as a TanStack Router <code>beforeLoad</code>:{' '}
              <a href="/tanstack/protected">/tanstack/protected</a>.
            </p>
          </section>
        </div>
        <div className="stack">
          <TokenCard />
          <ApiCard />
        </div>
      </div>
      <TabsNote />
    </>
  )
}

/**
 * The protected route's page. Its loader let it render only with a session; `<RequireAuth>` makes it
 * follow the session afterwards (a loader does not run again when a session ends while the page is
 * open: a sign-out in another tab, a refused refresh).
 */
export function Protected() {
  return (
    <RequireAuth
      fallback={
        <p className="muted" data-testid="protected-fallback">
          Signed out: this page needs a session.
        </p>
      }
      onError={(error) => <SignInFailed error={error} />}
    >
      <ProtectedContent />
    </RequireAuth>
  )
}

/** What the protected route shows while its loader waits for the session. */
export function CheckingSession() {
  return <Pending>Checking your session…</Pending>
}

/** The protected route's error boundary: a login that failed (the guard does not redirect again). */
export function LoginFailed() {
  return <SignInFailed error={useRouteError()} />
}

function SignInFailed({ error }: { error: unknown }) {
  return (
    <section className="card">
      <h1 className="card-title">Sign-in failed</h1>
      <ErrorNotice error={error} />
      <SignInButtons />
    </section>
  )
}

function ProtectedContent() {
  const { user } = useAuth()
  return (
    <section className="card protected" data-testid="protected">
      <span className="badge">loader guard</span>
      <h1 className="card-title">Members only</h1>
      <p>
        Hello <strong>{user && displayName(user)}</strong>. This page renders only with a session: its route{' '}
        <code>loader</code> awaits <code>auth.requireLogin()</code>. Open <code>/protected</code> signed out
        and Lanyard first tries a silent refresh, then sends you to the provider with{' '}
        <code>appState.returnTo</code>, and brings you back here.
      </p>
      <Link href="/">← Back home</Link>
    </section>
  )
}

export function NotFound() {
  const { pathname } = useLocation()
  return (
    <section className="card">
      <h1 className="card-title">Not found</h1>
      <p className="muted">
        Nothing at <code>{pathname}</code>.
      </p>
      <Link href="/">← Back home</Link>
    </section>
  )
}

function TabsNote() {
  return (
    <aside className="note">
      <strong>Other tabs follow along.</strong> Open{' '}
      <a href="/" target="_blank" rel="noopener">
        this page in another tab
      </a>
      , then sign in or out here and watch it follow, with no reload and no polling: tabs share the encrypted
      IndexedDB cache and tell each other over a <code>BroadcastChannel</code>.
    </aside>
  )
}

function Pending({ children }: { children: string }) {
  return (
    <div className="pending" role="status">
      <span className="spinner" aria-hidden="true" />
      {children}
    </div>
  )
}
