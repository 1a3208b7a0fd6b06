// Where everything runs during e2e. Always `localhost`, never 127.0.0.1: the issuer, redirect URIs
// and the provider's session cookie all depend on the host name.

/** The dev provider (`lanyard-dev-provider --port 9000`); also its issuer. */
export const PROVIDER_ORIGIN = 'http://localhost:9000'
export const ISSUER = PROVIDER_ORIGIN
/** The e2e pages (e2e/serve.mjs), an origin the `lanyard-dev` client allows (CORS, redirects). */
export const APP_ORIGIN = 'http://localhost:4173'
/** The same pages on an origin the client does NOT allow, to prove CORS is really checked. */
export const OTHER_ORIGIN = 'http://localhost:4174'
/** The dev provider's default public SPA client. */
export const CLIENT_ID = 'lanyard-dev'

export const DISCOVERY_URL = `${PROVIDER_ORIGIN}/.well-known/openid-configuration`
