import { useAuth } from '@lanyard/react'
import { useState } from 'react'
import { useReportError } from '../errors.tsx'
import { Link } from './Link.tsx'
import { Avatar, displayName } from './Profile.tsx'

export function Header() {
  const { status, user, logout } = useAuth()
  const report = useReportError()
  const [leaving, setLeaving] = useState(false)

  // Revokes the refresh token, clears the session in every tab, then ends the provider session
  // (RP-initiated logout), which sends the browser back to postLogoutRedirectUri.
  const signOut = () => {
    setLeaving(true)
    logout().catch((error: unknown) => {
      setLeaving(false)
      report(error)
    })
  }

  return (
    <header className="header">
      <div className="header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            L
          </span>
          Lanyard <span className="brand-sub">demo</span>
        </Link>
        <nav className="nav" aria-label="Main">
          <Link href="/">Home</Link>
          <Link href="/protected">Protected</Link>
        </nav>
        <div className="session" data-testid="status" data-status={status}>
          {status === 'loading' && <span className="pill pill-loading">Loading…</span>}
          {status === 'unauthenticated' && <span className="pill pill-out">Signed out</span>}
          {status === 'authenticated' && user && (
            <>
              <span className="pill pill-in">
                <Avatar user={user} size="small" />
                <span className="pill-name">{displayName(user)}</span>
              </span>
              <button type="button" className="btn btn-ghost" onClick={signOut} disabled={leaving}>
                {leaving ? 'Signing out…' : 'Sign out'}
              </button>
            </>
          )}
        </div>
      </div>
    </header>
  )
}
