// The dev provider's tampering switches (idToken, callbackIss, times) against @lanyard/core over
// real HTTP: each one must surface as the documented AUTH_* code, with nothing exchanged or kept.
import { FOREIGN_ISSUER, completeLogin, startDevProvider, type DevProvider } from '@lanyard/dev-provider'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { validateCallback } from './callback.ts'
import { createContext, type ClientContext } from './context.ts'
import { discover } from './discovery.ts'
import { exchangeCode, refreshTokens, type TokenSet } from './tokens.ts'

const APP = 'http://localhost:5998'
const client = { clientId: 'core-faults', redirectUris: [`${APP}/cb`] }

let provider: DevProvider
let ctx: ClientContext

beforeAll(async () => {
  provider = await startDevProvider({ port: 0, clients: [client], quiet: true })
  ctx = createContext(await discover(provider.issuer), { clientId: client.clientId })
})
afterAll(() => provider?.close())
beforeEach(() => {
  provider.setFaults({})
  provider.clearRequests()
})

const tokenRequests = () => provider.requests.filter((r) => r.method === 'POST' && r.path === '/token').length

async function login() {
  const { url, transaction } = await createAuthorizationRequest(ctx, {
    redirectUri: `${APP}/cb`,
    scope: 'profile offline_access',
  })
  return { callbackUrl: await completeLogin(url), transaction }
}

async function signedIn(): Promise<TokenSet> {
  const { callbackUrl, transaction } = await login()
  return exchangeCode(ctx, validateCallback(ctx, callbackUrl, transaction))
}

describe('dev provider fault switches against core', () => {
  it.each(['wrong-nonce', 'wrong-aud', 'wrong-iss', 'expired'] as const)(
    'idToken %s on the code exchange → AUTH_INVALID_RESPONSE',
    async (fault) => {
      const { callbackUrl, transaction } = await login()
      provider.setFaults({ idToken: fault })
      await expect(exchangeCode(ctx, validateCallback(ctx, callbackUrl, transaction))).rejects.toMatchObject({
        name: 'InvalidResponseError',
        code: 'AUTH_INVALID_RESPONSE',
      })
      expect(tokenRequests()).toBe(1)
    },
  )

  it.each(['wrong-aud', 'wrong-iss', 'expired', 'wrong-sub'] as const)(
    'idToken %s on refresh → AUTH_INVALID_RESPONSE',
    async (fault) => {
      const tokens = await signedIn()
      provider.setFaults({ idToken: fault })
      await expect(refreshTokens(ctx, tokens)).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
    },
  )

  // OIDC Core 12.2: a refreshed ID token's nonce, when present, equals the original one
  // (oauth4webapi does not check nonce on refresh; refreshTokens does).
  it('idToken wrong-nonce on refresh → AUTH_INVALID_RESPONSE (OIDC Core 12.2)', async () => {
    const tokens = await signedIn()
    provider.setFaults({ idToken: 'wrong-nonce' })
    await expect(refreshTokens(ctx, tokens)).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  })

  it('callbackIss foreign → AUTH_CALLBACK_INVALID, and no token request', async () => {
    provider.setFaults({ callbackIss: 'foreign' })
    const { callbackUrl, transaction } = await login()
    expect(new URL(callbackUrl).searchParams.get('iss')).toBe(FOREIGN_ISSUER)
    expect(() => validateCallback(ctx, callbackUrl, transaction)).toThrow(
      expect.objectContaining({ code: 'AUTH_CALLBACK_INVALID' }),
    )
    expect(tokenRequests()).toBe(0)
  })

  it('token http500 with times: 1 fails one refresh, and the next one goes through', async () => {
    const tokens = await signedIn()
    provider.setFaults({ token: 'http500', times: 1 })
    await expect(refreshTokens(ctx, tokens)).rejects.toMatchObject({
      code: 'AUTH_TOKEN_REQUEST_FAILED',
      status: 500,
    })
    expect(provider.faults).toEqual({})
    await expect(refreshTokens(ctx, tokens)).resolves.toMatchObject({ claims: { sub: 'alice' } })
  })
})
