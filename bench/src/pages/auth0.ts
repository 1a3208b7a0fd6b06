// auth0-spa-js's benchmark page, as its README sets it up for refresh tokens: handleRedirectCallback()
// on the callback URL, else checkSession() (what createAuth0Client does), then isAuthenticated().
import { Auth0Client } from '@auth0/auth0-spa-js'
import { cleanUrl, config, here, isCallback, run } from './harness.ts'

const { issuer, clientId, cache } = config()
const client = new Auth0Client({
  // An http(s) URL is used as is (a bare host name would get https://): http://localhost:PORT.
  domain: issuer,
  clientId,
  authorizationParams: { redirect_uri: here() },
  useRefreshTokens: true,
  cacheLocation: cache === 'localstorage' ? 'localstorage' : 'memory',
})
// auth0-spa-js expects the ID token's `iss` to be `${domain}/` (Auth0's issuers end with a slash;
// its `issuer` option only takes https). The dev provider's issuer has no trailing slash, so the
// expected value is set to it here. Only a string compare changes: no request, no timing.
Object.assign(client, { tokenIssuer: issuer })

// auth0-spa-js's cache treats a token as expired 60 s before its `exp` (fixed in _getEntryFromCache).
const EXPIRY_ADJUSTMENT = 60

run({
  async init() {
    if (isCallback()) {
      await client.handleRedirectCallback()
      cleanUrl()
    } else {
      await client.checkSession()
    }
    return client.isAuthenticated()
  },
  login: () => client.loginWithRedirect(),
  async token() {
    const token = await client.getTokenSilently()
    if (!token) throw new Error('no access token')
    return token
  },
  async staleAt() {
    // Only the localStorage cache is readable from outside; the storm uses it.
    let latest: number | undefined
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (!key?.startsWith('@@auth0spajs@@::')) continue
      const entry = JSON.parse(localStorage.getItem(key) ?? '{}') as {
        body?: { access_token?: string }
        expiresAt?: number
      }
      if (entry.body?.access_token && entry.expiresAt) latest = Math.max(latest ?? 0, entry.expiresAt)
    }
    // It compares whole seconds (`expiresAt - 60 < Math.floor(now)`): stale one second later.
    return latest === undefined ? undefined : latest - EXPIRY_ADJUSTMENT + 1
  },
})
