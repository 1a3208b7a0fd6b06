import * as oauth from 'oauth4webapi'
import { isLoopback } from './url.ts'

/** How core talks HTTP: an injectable `fetch` and a per-request time bound. */
export interface HttpOptions {
  /** Replaces the global `fetch` (tracing, tests). */
  fetch?: typeof fetch
  /** Abort a request (and its body read) after this many milliseconds. Default 10 000. */
  timeoutMs?: number
}

/**
 * The options every oauth4webapi request call takes: timeout signal, custom fetch, and plain HTTP
 * allowed only for a loopback issuer.
 */
export function requestOptions(issuer: URL, http: HttpOptions = {}) {
  const timeoutMs = http.timeoutMs ?? 10_000
  return {
    // A function, so every request (including retries) gets a fresh bound.
    signal: () => AbortSignal.timeout(timeoutMs),
    ...(http.fetch && {
      [oauth.customFetch]: http.fetch as (url: string, init: object) => Promise<Response>,
    }),
    ...(issuer.protocol === 'http:' && isLoopback(issuer) && { [oauth.allowInsecureRequests]: true }),
  }
}
