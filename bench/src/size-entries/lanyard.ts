// Size entry, Lanyard vanilla: redirect and popup login, callback, token, user, logout.
// Same usage as scripts/size-entry.ts, so `pnpm size` and `pnpm bench` agree.
import { createAuthClient } from '@lanyard/browser'

export async function main(): Promise<void> {
  const auth = createAuthClient({ issuer: 'https://example.auth0.com/', clientId: 'abc' })
  await auth.start() // completes a callback in the URL, or restores the session
  await auth.handleRedirectCallback()
  await auth.loginWithRedirect()
  await auth.loginWithPopup()
  console.log(await auth.getAccessToken(), auth.getUser())
  await auth.logout()
}
