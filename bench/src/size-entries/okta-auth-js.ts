// Size entry, okta-auth-js: redirect and popup login, callback, token, user, logout.
// `@okta/okta-auth-js/core` is its smallest entry with these features (OAuth without IDX/authn).
import { OktaAuth } from '@okta/okta-auth-js/core'

export async function main(): Promise<void> {
  const okta = new OktaAuth({
    issuer: 'https://example.okta.com/oauth2/default',
    clientId: 'abc',
    redirectUri: location.origin + '/',
  })
  if (okta.isLoginRedirect()) await okta.handleLoginRedirect()
  await okta.start()
  await okta.signInWithRedirect()
  const { tokens } = await okta.token.getWithPopup()
  okta.tokenManager.setTokens(tokens)
  console.log(okta.getAccessToken(), await okta.getUser())
  await okta.signOut()
}
