// Where the benchmark runs. Always `localhost`, never 127.0.0.1: the issuer, redirect URIs and the
// provider's session cookie all depend on the host name. Ports are the bench's own (9200+, 4273):
// the e2e suite (9000, 9100, 4173, 4174) may run at the same time.

export const STATIC_PORT = 4273
export const APP_ORIGIN = `http://localhost:${STATIC_PORT}`
export const CLIENT_ID = 'lanyard-bench'

/**
 * The benchmark pages (src/pages/<name>.ts → /<name>.html). Each is also served under /coi/ with
 * COOP + COEP, which makes the page cross-origin isolated: Chromium then clamps performance.now()
 * to 5 µs instead of 100 µs, which the cached-token latency needs.
 */
export const PAGES = ['lanyard', 'auth0', 'oidc', 'oidc-silent', 'floor'] as const
export type PageName = (typeof PAGES)[number]

export const pageUrl = (name: PageName, coi = false) => `${APP_ORIGIN}${coi ? '/coi' : ''}/${name}.html`
