import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestLogEntry } from './types.ts'

// Enough for any test; keeps a long-running dev server from growing without bound.
const LIMIT = 1000

/** In-memory log of the requests the server received, readable by tests. */
export class RequestLog {
  #entries: RequestLogEntry[] = []

  constructor(private readonly onRequest?: (entry: RequestLogEntry) => void) {}

  /** Record a request now (in arrival order); its status and duration are filled in when the response closes. */
  track(req: IncomingMessage, res: ServerResponse, url = req.url ?? '/'): void {
    const start = performance.now()
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      path: url.split('?')[0] ?? '/',
      status: 0,
      time: Date.now(),
      duration: null,
      origin: req.headers.origin ?? null,
    }
    this.#entries.push(entry)
    if (this.#entries.length > LIMIT) this.#entries.shift()
    res.once('close', () => {
      // A response that never finished (hung, aborted) keeps status 0.
      entry.status = res.writableFinished ? res.statusCode : 0
      entry.duration = Math.round(performance.now() - start)
      this.onRequest?.({ ...entry })
    })
  }

  /** A copy of the entries, oldest first. */
  get entries(): RequestLogEntry[] {
    return this.#entries.map((entry) => ({ ...entry }))
  }

  clear(): void {
    this.#entries = []
  }
}
