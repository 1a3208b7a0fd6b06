import { useAuth } from '@lanyard/react'
import { useEffect, useState } from 'react'
import { useReportError } from '../errors.tsx'

/** The current time, updated every second. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  return now
}

const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour12: false })

function countdown(seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  const mm = String(m).padStart(h ? 2 : 1, '0')
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`
}

export function TokenCard() {
  const { getAccessToken, expiresAt } = useAuth()
  const report = useReportError()
  const now = useNow()
  const [refreshing, setRefreshing] = useState(false)
  const [refreshedAt, setRefreshedAt] = useState<number>()

  // A forced refresh: one refresh-token grant, shared by concurrent callers in every tab.
  const refresh = () => {
    setRefreshing(true)
    getAccessToken({ cacheMode: 'off' })
      .then(() => setRefreshedAt(Date.now()))
      .catch(report)
      .finally(() => setRefreshing(false))
  }

  const left = expiresAt === undefined ? undefined : Math.max(0, Math.floor(expiresAt - now / 1000))
  return (
    <section className="card" aria-labelledby="token-title">
      <h2 id="token-title" className="card-title">
        Access token
      </h2>
      {left === undefined ? (
        <p className="muted">The provider gave no expiry for this token.</p>
      ) : (
        <>
          <p className={`countdown${left <= 60 ? ' countdown-soon' : ''}`}>
            <span className="countdown-label">expires in</span>
            <span className="countdown-value" data-testid="expires-in">
              {countdown(left)}
            </span>
          </p>
          <p className="muted small">
            at {clock(expiresAt! * 1000)}. Renewed automatically a minute before, or on demand by{' '}
            <code>getAccessToken()</code> and <code>fetch()</code>.
          </p>
        </>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={refresh} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh now'}
        </button>
        {refreshedAt && (
          <span className="muted small" data-testid="refreshed-at">
            Refreshed at {clock(refreshedAt)}
          </span>
        )}
      </div>
    </section>
  )
}
