import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { createFakeProvider, json } from '@lanyard/test-utils'
import type { AuthorizationServer } from './context.ts'
import { createDPoP, generateDPoPKeyPair } from './dpop.ts'
import { context } from './test-utils/context.ts'

const redirectUri = 'https://app.example/callback'

describe('createAuthorizationRequest', () => {
  it('builds a PKCE S256 request and a matching transaction', async () => {
    const { ctx } = await context()
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
    const { ctx } = await context()
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
    'request_uri',
  ])('refuses to let params override %s (TypeError)', async (name) => {
    const { ctx } = await context()
    await expect(createAuthorizationRequest(ctx, { redirectUri, params: { [name]: 'x' } })).rejects.toThrow(
      TypeError,
    )
    // Misuse has a stable code, as oauth4webapi's argument errors do.
    await expect(
      createAuthorizationRequest(ctx, { redirectUri, params: { [name]: 'x' } }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' })
  })

  it('merges scope and audience from params and records max_age', async () => {
    const { ctx } = await context()
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
    const { ctx } = await context()
    const { url } = await createAuthorizationRequest(ctx, { redirectUri, dpopJkt: 'thumb' })
    expect(url.searchParams.get('dpop_jkt')).toBe('thumb')
  })
})

// Issue 12.7: RFC 8707 resource indicators alongside Auth0's audience.
describe('createAuthorizationRequest: resource (RFC 8707)', () => {
  it('sends each resource and records them in the transaction', async () => {
    const { ctx } = await context()
    const { url, transaction } = await createAuthorizationRequest(ctx, {
      redirectUri,
      audience: 'https://api.example',
      resource: ['https://api.example/', 'https://other.example/v1'],
    })
    expect(url.searchParams.getAll('resource')).toEqual(['https://api.example/', 'https://other.example/v1'])
    expect(url.searchParams.get('audience')).toBe('https://api.example')
    expect(transaction.resource).toEqual(['https://api.example/', 'https://other.example/v1'])
  })

  it('takes resource from params too, over the input', async () => {
    const { ctx } = await context()
    const { url } = await createAuthorizationRequest(ctx, {
      redirectUri,
      resource: 'https://a.example/',
      params: { resource: 'https://b.example/' },
    })
    expect(url.searchParams.getAll('resource')).toEqual(['https://b.example/'])
  })
})

// Issue 12.6: the organization asked for is recorded, for the ID token check after the callback.
it('records the Auth0 organization in the transaction', async () => {
  const { ctx } = await context()
  const { transaction } = await createAuthorizationRequest(ctx, {
    redirectUri,
    params: { organization: 'org_1' },
  })
  expect(transaction.organization).toBe('org_1')
})

// Issue 12.9: pushed authorization requests (RFC 9126).
describe('createAuthorizationRequest: PAR', () => {
  it('with par: true, pushes the parameters and sends only client_id and request_uri', async () => {
    const { ctx, op, calls } = await context()
    const { url, transaction } = await createAuthorizationRequest(ctx, {
      redirectUri,
      scope: 'profile',
      params: { login_hint: 'alice' },
      par: true,
    })
    expect(calls.map((call) => `${call.method} ${new URL(call.url).pathname}`)).toEqual(['POST /par'])
    expect(url.origin + url.pathname).toBe('https://op.example/authorize')
    expect([...url.searchParams.keys()]).toEqual(['client_id', 'request_uri'])
    expect(url.searchParams.get('client_id')).toBe('spa')
    const [pushed] = op.pushedRequests()
    expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/)
    expect(Object.fromEntries(pushed!)).toMatchObject({
      client_id: 'spa',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile',
      login_hint: 'alice',
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge_method: 'S256',
    })
    // The provider resolves the request_uri to the pushed parameters.
    op.authorize(url)
    expect(new URL(op.callbackUrl()).searchParams.get('state')).toBe(transaction.state)
  })

  it('pushes when the provider requires it, even without par: true', async () => {
    const { op } = await context()
    const as = { ...op.metadata, require_pushed_authorization_requests: true } as AuthorizationServer
    const { ctx, calls } = await context(undefined, as, { op })
    const { url } = await createAuthorizationRequest(ctx, { redirectUri })
    expect(url.searchParams.has('request_uri')).toBe(true)
    expect(url.searchParams.has('code_challenge')).toBe(false)
    expect(calls).toHaveLength(1)
  })

  it('does not push otherwise', async () => {
    const { ctx, calls } = await context()
    const { url } = await createAuthorizationRequest(ctx, { redirectUri })
    expect(url.searchParams.has('request_uri')).toBe(false)
    expect(calls).toHaveLength(0)
  })

  it('sends a DPoP proof with the pushed request when DPoP is on', async () => {
    const op = createFakeProvider()
    const headers: Record<string, string>[] = []
    const { ctx } = await context(undefined, undefined, {
      op,
      fetch: async (input, init) => {
        headers.push(Object.fromEntries(new Headers(init?.headers)))
        return op.fetch(input, init)
      },
    })
    const DPoP = createDPoP(ctx, await generateDPoPKeyPair())
    await createAuthorizationRequest(ctx, { redirectUri, par: true, DPoP, dpopJkt: 'thumb' })
    expect(op.calls).toEqual(['POST /par'])
    const proof = headers[0]?.['dpop']
    expect(proof).toBeTruthy()
    const payload = JSON.parse(atob(proof!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')))
    expect(payload).toMatchObject({ htm: 'POST', htu: 'https://op.example/par' })
  })

  it('reports a refused push as AUTH_AUTHORIZATION_ERROR with the server fields', async () => {
    const { ctx } = await context(() =>
      json({ error: 'invalid_request', error_description: 'bad scope' }, 400),
    )
    await expect(createAuthorizationRequest(ctx, { redirectUri, par: true })).rejects.toMatchObject({
      code: 'AUTH_AUTHORIZATION_ERROR',
      error: 'invalid_request',
      errorDescription: 'bad scope',
      status: 400,
    })
  })

  it('refuses par: true when the provider has no PAR endpoint (AUTH_CONFIG_INVALID), with no request', async () => {
    const { op } = await context()
    const { pushed_authorization_request_endpoint: _, ...as } = op.metadata
    const { ctx, calls } = await context(undefined, as as unknown as AuthorizationServer, { op })
    await expect(createAuthorizationRequest(ctx, { redirectUri, par: true })).rejects.toMatchObject({
      code: 'AUTH_CONFIG_INVALID',
    })
    expect(calls).toHaveLength(0)
  })
})
