import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson } from './http.ts'

/**
 * The `Host` header values this server answers: `localhost:PORT` and the configured extras. A page
 * on another site whose name was re-pointed at 127.0.0.1 (DNS rebinding) sends its own name as
 * `Host`, so refusing every other host keeps such pages away from the fault switches and the log.
 */
export function allowedHosts(port: number, extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([`localhost:${port}`, ...extra.map((host) => host.toLowerCase())])
}

/** Answer 421 (Misdirected Request) and return false when the request's `Host` is not allowed. */
export function checkHost(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const host = req.headers.host?.toLowerCase()
  if (host !== undefined && allowed.has(host)) return true
  sendJson(res, 421, {
    error: 'misdirected_request',
    error_description: `this server answers only Host: ${[...allowed].join(', ')}`,
  })
  return false
}
