// Size entry, @auth0/auth0-react: provider, hook and guard; redirect and popup login, callback
// (handled by the provider), token, user, logout. react and react-dom are external.
import { Auth0Provider, useAuth0, withAuthenticationRequired } from '@auth0/auth0-react'
import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'

function Profile() {
  const { user, loginWithRedirect, loginWithPopup, getAccessTokenSilently, logout } = useAuth0()
  return h(
    'div',
    null,
    String(user?.name),
    h('button', { onClick: () => void loginWithRedirect() }, 'login'),
    h('button', { onClick: () => void loginWithPopup() }, 'popup'),
    h('button', { onClick: () => void getAccessTokenSilently().then(console.log) }, 'token'),
    h('button', { onClick: () => void logout() }, 'logout'),
  )
}

const Guarded = withAuthenticationRequired(Profile)

export function main(root: Element): void {
  createRoot(root).render(
    h(
      Auth0Provider,
      {
        domain: 'example.auth0.com',
        clientId: 'abc',
        authorizationParams: { redirect_uri: location.origin + '/' },
        useRefreshTokens: true,
      },
      h(Guarded),
    ),
  )
}
