// Talks to the dev provider from the test process (Node's fetch), never through the page: what the
// page saw is for the page's own fetch() to prove; this is the server's side of the story.
import { DISCOVERY_URL, PROVIDER_ORIGIN } from './env'

/** One entry of the provider's request log (`GET /__lanyard/requests`). */
export interface LoggedRequest {
  method: string
  /** Path as requested; may carry a query string. */
  path: string
  status: number
  time: string | number
  [key: string]: unknown
}

/** The parts of the discovery document the tests use. */
export interface DiscoveryDocument {
  issuer: string
  authorization_endpoint: string
  token_endpoint: string
  jwks_uri: string
  userinfo_endpoint?: string
  revocation_endpoint?: string
  end_session_endpoint?: string
  [key: string]: unknown
}

const LOG_URL = `${PROVIDER_ORIGIN}/__lanyard/requests`

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) {
    const text = await response.text().catch(() => '')
    throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 200)}`)
  }
  return response
}

/** Everything the provider has answered since the last {@link clearRequestLog}, oldest first. */
export async function requestLog(): Promise<LoggedRequest[]> {
  const response = await ok(await fetch(LOG_URL, { headers: { accept: 'application/json' } }), 'requestLog')
  const log: unknown = await response.json()
  if (!Array.isArray(log)) throw new Error(`requestLog: expected a JSON array, got ${JSON.stringify(log)}`)
  return log as LoggedRequest[]
}

export async function clearRequestLog(): Promise<void> {
  await ok(await fetch(LOG_URL, { method: 'DELETE' }), 'clearRequestLog')
}

/** The request log filtered to one endpoint (a path or a full URL; the query is ignored). */
export async function requestsTo(endpoint: string, method?: string): Promise<LoggedRequest[]> {
  const path = new URL(endpoint, PROVIDER_ORIGIN).pathname
  return (await requestLog()).filter(
    (r) =>
      new URL(r.path, PROVIDER_ORIGIN).pathname === path &&
      (method === undefined || r.method.toUpperCase() === method.toUpperCase()),
  )
}

export async function discovery(): Promise<DiscoveryDocument> {
  const response = await ok(await fetch(DISCOVERY_URL), 'discovery')
  return (await response.json()) as DiscoveryDocument
}
