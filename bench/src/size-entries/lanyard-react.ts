// Size entry, @lanyard/react: provider, hook and guard; redirect and popup login, callback, token,
// user, logout. Same usage as scripts/size-entry-react.ts. react and react-dom are external.
// createElement rather than JSX so the entries need no JSX settings.
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
