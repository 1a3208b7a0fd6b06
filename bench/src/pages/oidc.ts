// oidc-client-ts's benchmark page: a UserManager as its docs configure one for an SPA. A token is
// getUser() + `access_token`, with signinSilent() (the refresh token) when the user has expired.
// `?silent=1` also tries signinSilent() at start-up when no user is stored (a new tab: the
// sessionStorage store is per tab), which needs the hidden-iframe flow.
import { UserManager, WebStorageStateStore } from 'oidc-client-ts'
import { cleanUrl, config, here, isCallback, run } from './harness.ts'

const { issuer, clientId, cache } = config()
const manager = new UserManager({
  authority: issuer,
  client_id: clientId,
  redirect_uri: here(),
  silent_redirect_uri: `${location.origin}/oidc-silent.html`,
  scope: 'openid profile email offline_access',
  userStore: new WebStorageStateStore({ store: cache === 'localstorage' ? localStorage : sessionStorage }),
  automaticSilentRenew: false,
})

async function token(): Promise<string> {
  let user = await manager.getUser()
  if (!user || user.expired) user = await manager.signinSilent()
  if (!user?.access_token) throw new Error('no access token')
  return user.access_token
}

run({
  async init() {
    if (isCallback()) {
      await manager.signinRedirectCallback()
      cleanUrl()
    }
    let user = await manager.getUser()
    if ((!user || user.expired) && new URLSearchParams(location.search).has('silent')) {
      user = await manager.signinSilent().catch(() => null)
    }
    return !!user && !user.expired
  },
  login: () => manager.signinRedirect(),
  token,
  async staleAt() {
    return (await manager.getUser())?.expires_at
  },
})
