import { Outlet } from 'react-router'
import { Header } from './components/Header.tsx'
import { IdleCountdown } from './components/IdleCountdown.tsx'
import { config } from './config.ts'
import { ErrorBanner } from './errors.tsx'

/** The layout of every route (router.ts): header, error banner, the route's page, footer. */
export function App() {
  return (
    <div className="app">
      <Header />
      <main className="main">
        <ErrorBanner />
        <IdleCountdown />
        <Outlet />
      </main>
      <footer className="footer">
        <div className="footer-inner">
          <dl className="config">
            <div>
              <dt>Issuer</dt>
              <dd>
                <code>{config.issuer}</code>
              </dd>
            </div>
            <div>
              <dt>Client ID</dt>
              <dd>
                <code>{config.clientId}</code>
              </dd>
            </div>
            <div>
              <dt>Audience</dt>
              <dd>{config.audience ? <code>{config.audience}</code> : '—'}</dd>
            </div>
          </dl>
          <p className="muted small">
            Any provider: set <code>VITE_LANYARD_ISSUER</code>, <code>VITE_LANYARD_CLIENT_ID</code> and{' '}
            <code>VITE_LANYARD_AUDIENCE</code> (see <code>demo/.env.example</code>).
          </p>
        </div>
      </footer>
    </div>
  )
}
