// Where the e2e pages are served (e2e/serve.mjs, started by playwright.config.ts). Always
// `localhost`, never 127.0.0.1: redirect URIs and the provider's session cookie depend on the host.
// The providers have no fixed address: each starts in the test process on a free port
// (support/fixtures.ts), and the pages learn its issuer at run time (configureApp in support/app.ts).

/** The e2e pages, an origin the dev provider's default `lanyard-dev` client allows (CORS, redirects). */
export const APP_ORIGIN = 'http://localhost:4173'
/** The same pages on an origin the client does NOT allow, to prove CORS is really checked. */
export const OTHER_ORIGIN = 'http://localhost:4174'
/** The dev provider's default public SPA client. */
export const CLIENT_ID = 'lanyard-dev'
