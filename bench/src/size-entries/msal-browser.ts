// Size entry, msal-browser: redirect and popup login, callback, token, user, logout.
import { PublicClientApplication } from '@azure/msal-browser'

export async function main(): Promise<void> {
  const msal = new PublicClientApplication({
    auth: { clientId: 'abc', authority: 'https://login.microsoftonline.com/common' },
  })
  await msal.initialize()
  await msal.handleRedirectPromise() // the callback
  await msal.loginRedirect()
  await msal.loginPopup()
  const account = msal.getAllAccounts()[0]
  if (account) {
    const result = await msal.acquireTokenSilent({ scopes: ['openid'], account })
    console.log(result.accessToken, account.idTokenClaims)
  }
  await msal.logoutRedirect()
}
