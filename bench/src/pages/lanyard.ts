// Lanyard's benchmark page: the documented usage (createAuthClient + start()).
import { createAuthClient } from '@lanyard/browser'
import { config, describe, here, run } from './harness.ts'

const { issuer, clientId, cache } = config()
// The default refreshLeewaySeconds (60): a token this close to its expiry counts as expired.
const LEEWAY = 60
const auth = createAuthClient({
  issuer,
  clientId,
  redirectUri: here(),
  cache: cache === 'memory' ? 'memory' : 'indexeddb',
})

run({
  async init() {
    const state = await auth.start()
    if (state.error) throw new Error(describe(state.error))
    return state.status === 'authenticated'
  },
  login: () => auth.loginWithRedirect(),
  token: () => auth.getAccessToken(),
  async staleAt() {
    const expiresAt = auth.getSnapshot().expiresAt
    return expiresAt === undefined ? undefined : expiresAt - LEEWAY
  },
})
