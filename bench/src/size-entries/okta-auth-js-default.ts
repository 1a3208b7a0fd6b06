// Size entry, okta-auth-js through its default entry (what `import { OktaAuth } from
// '@okta/okta-auth-js'` pulls in: IDX and authn too). Same usage as okta-auth-js.ts.
import { OktaAuth } from '@okta/okta-auth-js'

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
