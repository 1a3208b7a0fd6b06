// Size entry, auth0-spa-js: redirect and popup login, callback, token, user, logout.
// `new Auth0Client` + `checkSession()` is what `createAuth0Client` does.
import { Auth0Client } from '@auth0/auth0-spa-js'

export async function main(): Promise<void> {
  const auth0 = new Auth0Client({
    domain: 'example.auth0.com',
    clientId: 'abc',
    authorizationParams: { redirect_uri: location.origin + '/' },
    useRefreshTokens: true,
  })
  await auth0.checkSession()
  await auth0.handleRedirectCallback()
  await auth0.loginWithRedirect()
  await auth0.loginWithPopup()
  console.log(await auth0.getTokenSilently(), await auth0.getUser())
  await auth0.logout()
}
