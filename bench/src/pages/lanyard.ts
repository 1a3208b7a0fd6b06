// Lanyard's benchmark page: the documented usage (createAuthClient + start()).
import { createAuthClient } from '@lanyard/browser'
import { config, describe, here, run } from './harness.ts'

const { issuer, clientId, cache } = config()
// The default refreshLeewaySeconds (60): a token this close to its expiry counts as expired, but
// the leeway is at most half the token's lifetime (so a 5-second token is stale after 2.5 s).
const LEEWAY = 60
const auth = createAuthClient({
  issuer,
  clientId,
  redirectUri: here(),
  cache: cache === 'memory' ? 'memory' : 'indexeddb',
})

// When the current token arrived (epoch s), to know its lifetime.
let received = Date.now() / 1000
let seen: number | undefined
auth.subscribe(() => {
  const { expiresAt } = auth.getSnapshot()
  if (expiresAt !== seen) [seen, received] = [expiresAt, Date.now() / 1000]
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
    return expiresAt === undefined ? undefined : expiresAt - Math.min(LEEWAY, (expiresAt - received) / 2)
  },
})
