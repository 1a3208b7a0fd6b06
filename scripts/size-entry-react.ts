// Size-budget entry: the vanilla usage through @lanyard/react (provider, hook, guard; redirect and
// popup login, callback, token, user, logout). react and react-dom are peers: external, not
// counted. createElement rather than JSX so the entry needs no JSX settings.
import { createAuthClient } from '@lanyard/browser'
import { AuthProvider, RequireAuth, useAuth } from '@lanyard/react'
import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'

const auth = createAuthClient({ issuer: 'https://example.auth0.com/', clientId: 'abc' })

function Profile() {
  const { user, loginWithRedirect, loginWithPopup, getAccessToken, logout } = useAuth()
  return h(
    'div',
    null,
    String(user?.name),
    h('button', { onClick: () => void loginWithRedirect() }, 'login'),
    h('button', { onClick: () => void loginWithPopup() }, 'popup'),
    h('button', { onClick: () => void getAccessToken().then(console.log) }, 'token'),
    h('button', { onClick: () => void logout() }, 'logout'),
  )
}

export function main(root: Element): void {
  createRoot(root).render(h(AuthProvider, { client: auth }, h(RequireAuth, null, h(Profile))))
}
