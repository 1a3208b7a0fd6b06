// Size entry, react-oidc-context (+ oidc-client-ts): provider, hook and guard; redirect and popup
// login, callback (handled by the provider), token, user, logout. react and react-dom are external.
import { AuthProvider, useAuth, withAuthenticationRequired } from 'react-oidc-context'
import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'

function Profile() {
  const { user, signinRedirect, signinPopup, signinSilent, signoutRedirect } = useAuth()
  const token = async () => (user && !user.expired ? user : await signinSilent())?.access_token
  return h(
    'div',
    null,
    String(user?.profile.name),
    h('button', { onClick: () => void signinRedirect() }, 'login'),
    h('button', { onClick: () => void signinPopup() }, 'popup'),
    h('button', { onClick: () => void token().then(console.log) }, 'token'),
    h('button', { onClick: () => void signoutRedirect() }, 'logout'),
  )
}

const Guarded = withAuthenticationRequired(Profile)

export function main(root: Element): void {
  createRoot(root).render(
    h(
      AuthProvider,
      {
        authority: 'https://example.auth0.com/',
        client_id: 'abc',
        redirect_uri: location.origin + '/',
        onSigninCallback: () => history.replaceState(null, '', location.pathname),
      },
      h(Guarded),
    ),
  )
}
