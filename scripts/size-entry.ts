// Size-budget entry: the vanilla usage of @lanyard/browser (redirect and popup login, callback,
// token, user, logout). scripts/size.mjs bundles this from TypeScript source, minifies it and
// measures gzip / brotli. Keep it to the public API in DESIGN.md and keep it small: its own code
// counts too.
import { createAuthClient } from '@lanyard/browser'

export async function main(): Promise<void> {
  const auth = createAuthClient({ issuer: 'https://example.auth0.com/', clientId: 'abc' })
  await auth.start()
  await auth.handleRedirectCallback()
  await auth.loginWithRedirect()
  await auth.loginWithPopup()
  console.log(await auth.getAccessToken(), auth.getUser())
  await auth.logout()
}
