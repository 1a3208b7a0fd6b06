import { useAuth } from '@lanyard/react'
import { useState } from 'react'
import { config } from '../config.ts'
import { useReportError } from '../errors.tsx'

interface Result {
  status: number
  statusText: string
  body: string
  ms: number
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** `auth.fetch` attaches the access token (refreshing it first when needed) and retries a 401 once. */
export function ApiCard() {
  const { fetch } = useAuth()
  const report = useReportError()
  const [result, setResult] = useState<Result>()
  const [calling, setCalling] = useState(false)

  const call = async () => {
    setCalling(true)
    const started = performance.now()
    try {
      const response = await fetch(config.apiUrl)
      const body = await response.text()
      const ms = Math.round(performance.now() - started)
      setResult({ status: response.status, statusText: response.statusText, body: pretty(body), ms })
    } catch (error) {
      setResult(undefined)
      report(error)
    } finally {
      setCalling(false)
    }
  }

  return (
    <section className="card" aria-labelledby="api-title">
      <h2 id="api-title" className="card-title">
        Call an API
      </h2>
      <p className="request">
        <span className="method">GET</span> <code>{config.apiUrl}</code>
      </p>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => void call()} disabled={calling}>
          {calling ? 'Calling…' : 'Call API'}
        </button>
        {result && (
          <span
            className={`status ${result.status < 300 ? 'status-ok' : 'status-bad'}`}
            data-testid="api-status"
          >
            {result.status} {result.statusText} · {result.ms} ms
          </span>
        )}
      </div>
      {result && (
        <pre className="response" data-testid="api-response">
          {result.body}
        </pre>
      )}
    </section>
  )
}
