// Size entry, oidc-client-ts: redirect and popup login, callback, token, user, logout.
// A token read is `getUser()` plus `signinSilent()` (refresh token) when it has expired.
import { UserManager } from 'oidc-client-ts'

export async function main(): Promise<void> {
  const manager = new UserManager({
    authority: 'https://example.auth0.com/',
    client_id: 'abc',
    redirect_uri: location.origin + '/',
  })
  await manager.signinCallback() // redirect or popup callback
  await manager.signinRedirect()
  await manager.signinPopup()
  let user = await manager.getUser()
  if (!user || user.expired) user = await manager.signinSilent()
  console.log(user?.access_token, user?.profile)
  await manager.signoutRedirect()
}
