// Size-budget entry: the vanilla usage plus sender-constrained tokens (`dpop`) and `auth.fetch`.
import { createAuthClient } from '@lanyard/browser'
import { dpop } from '@lanyard/browser/dpop'

const auth = createAuthClient({
  issuer: 'https://example.auth0.com/',
  clientId: 'abc',
  redirectUri: location.origin + '/callback',
  dpop,
})

export async function main(): Promise<void> {
  await auth.start()
  if (location.pathname === '/callback') await auth.handleRedirectCallback()
  document.querySelector('#login')?.addEventListener('click', () => void auth.loginWithRedirect())
  document.querySelector('#popup')?.addEventListener('click', () => void auth.loginWithPopup())
  document.querySelector('#logout')?.addEventListener('click', () => void auth.logout())
  const response = await auth.fetch('/api/me')
  console.log(auth.getUser(), await response.json())
}
