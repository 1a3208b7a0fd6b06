import * as oauth from 'oauth4webapi'
import { isLoopback } from './url.ts'

/** How core talks HTTP: an injectable `fetch` and a per-request time bound. */
export interface HttpOptions {
  /** Replaces the global `fetch` (tracing, tests). */
  fetch?: typeof fetch
  /** Abort a request (and its body read) after this many milliseconds. Default 10 000. */
  timeoutMs?: number
}

/** A fresh time bound for one request (and its body read). */
const timeout = (http: HttpOptions) => AbortSignal.timeout(http.timeoutMs ?? 10_000)

/**
 * The options every oauth4webapi request call takes: timeout signal, custom fetch, and plain HTTP
 * allowed only for a loopback issuer.
 */
export function requestOptions(issuer: URL, http: HttpOptions = {}) {
  return {
    // A function, so every request (including retries) gets a fresh bound.
    signal: () => timeout(http),
    ...(http.fetch && {
      [oauth.customFetch]: http.fetch as (url: string, init: object) => Promise<Response>,
    }),
    ...(issuer.protocol === 'http:' && isLoopback(issuer) && { [oauth.allowInsecureRequests]: true }),
  }
}

/** A GET for a JSON document, sent as oauth4webapi sends one: redirects not followed, time-bound. */
export function getJson(url: string, http: HttpOptions, accept = 'application/json'): Promise<Response> {
  return (http.fetch ?? fetch)(url, { headers: { accept }, redirect: 'manual', signal: timeout(http) })
}
