import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { context } from './test-utils/fake-provider.ts'

const redirectUri = 'https://app.example/callback'

describe('createAuthorizationRequest', () => {
  it('builds a PKCE S256 request and a matching transaction', async () => {
    const { ctx } = context()
    const { url, transaction: tx } = await createAuthorizationRequest(ctx, {
      redirectUri,
      scope: 'profile email',
      audience: 'https://api.example',
      params: {
        organization: 'org_1',
        invitation: 'inv',
        connection: 'github',
        prompt: 'login',
        ui_locales: 'fr',
      },
      appState: { returnTo: '/x' },
      now: 1234,
    })
    const q = url.searchParams
    expect(url.origin + url.pathname).toBe('https://op.example/authorize')
    expect(Object.fromEntries(q)).toMatchObject({
      client_id: 'spa',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile email',
      audience: 'https://api.example',
      organization: 'org_1',
      invitation: 'inv',
      connection: 'github',
      prompt: 'login',
      ui_locales: 'fr',
      state: tx.state,
      nonce: tx.nonce,
      code_challenge_method: 'S256',
    })
    expect(q.get('code_challenge')).toBe(createHash('sha256').update(tx.codeVerifier).digest('base64url'))
    expect(tx).toMatchObject({ redirectUri, scope: 'openid profile email', audience: 'https://api.example' })
    expect(tx).toMatchObject({ mode: 'redirect', createdAt: 1234, appState: { returnTo: '/x' } })
    expect(tx.state).not.toBe(tx.nonce)
    expect(tx.codeVerifier.length).toBeGreaterThanOrEqual(43)
  })

  it('generates fresh secrets every time', async () => {
    const { ctx } = context()
    const a = await createAuthorizationRequest(ctx, { redirectUri })
    const b = await createAuthorizationRequest(ctx, { redirectUri })
    expect(a.transaction.state).not.toBe(b.transaction.state)
    expect(a.transaction.codeVerifier).not.toBe(b.transaction.codeVerifier)
  })

  it.each([
    'state',
    'nonce',
    'code_challenge',
    'code_challenge_method',
    'response_type',
    'client_id',
    'redirect_uri',
  ])('refuses to let params override %s (TypeError)', async (name) => {
    const { ctx } = context()
    await expect(createAuthorizationRequest(ctx, { redirectUri, params: { [name]: 'x' } })).rejects.toThrow(
      TypeError,
    )
  })

  it('merges scope and audience from params and records max_age', async () => {
    const { ctx } = context()
    const { url, transaction } = await createAuthorizationRequest(ctx, {
      redirectUri,
      scope: 'profile',
      audience: 'a',
      params: { scope: 'offline_access', audience: 'b', max_age: 60, login_hint: undefined },
    })
    expect(url.searchParams.get('scope')).toBe('openid profile offline_access')
    expect(url.searchParams.get('audience')).toBe('b')
    expect(url.searchParams.get('max_age')).toBe('60')
    expect(url.searchParams.has('login_hint')).toBe(false)
    expect(transaction).toMatchObject({ audience: 'b', maxAge: 60 })
    await expect(createAuthorizationRequest(ctx, { redirectUri, params: { max_age: -1 } })).rejects.toThrow(
      TypeError,
    )
  })

  it('sends dpop_jkt when the transaction is DPoP-bound', async () => {
    const { ctx } = context()
    const { url } = await createAuthorizationRequest(ctx, { redirectUri, dpopJkt: 'thumb' })
    expect(url.searchParams.get('dpop_jkt')).toBe('thumb')
  })
})
