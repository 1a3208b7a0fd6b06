import { describe, expect, it } from 'vitest'
import type { AuthorizationServer } from './context.ts'
import { buildLogoutUrl } from './logout.ts'
import { context } from './test-utils/context.ts'

describe('buildLogoutUrl', () => {
  it('builds an RP-initiated logout URL', async () => {
    const { ctx } = await context()
    const url = buildLogoutUrl(ctx, { idTokenHint: 'idt', postLogoutRedirectUri: 'https://app.example/' })
    expect(url?.origin + url!.pathname).toBe('https://op.example/logout')
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      client_id: 'spa',
      id_token_hint: 'idt',
      post_logout_redirect_uri: 'https://app.example/',
    })
  })

  // Also on a custom domain, known by Auth0's MFA API and token path in its metadata.
  it.each([
    ['its own domain', { issuer: 'https://t.eu.auth0.com/' }],
    [
      'a custom domain',
      {
        issuer: 'https://login.example.com/',
        token_endpoint: 'https://login.example.com/oauth/token',
        mfa_challenge_endpoint: 'https://login.example.com/mfa/challenge',
      },
    ],
  ])(
    "uses Auth0's /v2/logout when an Auth0 tenant on %s has no end_session_endpoint",
    async (_, metadata) => {
      const as = { ...metadata, authorization_endpoint: new URL('authorize', metadata.issuer).href }
      const { ctx } = await context(undefined, as)
      const url = buildLogoutUrl(ctx, { postLogoutRedirectUri: 'https://app.example/' })
      expect(url?.href).toBe(
        `${metadata.issuer}v2/logout?client_id=spa&returnTo=https%3A%2F%2Fapp.example%2F`,
      )
    },
  )

  it('guesses no endpoint for a provider that is not Auth0 (no MFA API)', async () => {
    const as = {
      issuer: 'https://login.example.com/',
      authorization_endpoint: 'https://login.example.com/authorize',
      token_endpoint: 'https://login.example.com/oauth/token',
    }
    expect(buildLogoutUrl((await context(undefined, as)).ctx)).toBeUndefined()
  })

  it("sends Cognito's /logout its logout_uri (it ignores post_logout_redirect_uri), also on a custom domain", async () => {
    const as = {
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC',
      authorization_endpoint: 'https://auth.example.com/oauth2/authorize',
      end_session_endpoint: 'https://auth.example.com/logout',
    }
    const { ctx } = await context(undefined, as)
    const url = buildLogoutUrl(ctx, { postLogoutRedirectUri: 'https://app.example/' })!
    expect(url.origin + url.pathname).toBe('https://auth.example.com/logout')
    expect(url.searchParams.get('client_id')).toBe('spa')
    expect(url.searchParams.get('logout_uri')).toBe('https://app.example/')
  })

  it('returns undefined when the provider has no logout endpoint', async () => {
    const { op } = await context()
    const { end_session_endpoint: _, ...as } = op.metadata
    expect(buildLogoutUrl((await context(undefined, as as AuthorizationServer)).ctx)).toBeUndefined()
  })

  // Issue 12.10: `state` (some providers honour post_logout_redirect_uri only with it) and extra
  // parameters, which never replace the protocol ones.
  it('sends state and extra parameters (logout_hint, ui_locales)', async () => {
    const { ctx } = await context()
    const url = buildLogoutUrl(ctx, {
      postLogoutRedirectUri: 'https://app.example/',
      state: 'st-1',
      params: { logout_hint: 'alice@example.com', ui_locales: 'fr', state: 'forged', client_id: 'other' },
    })
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      client_id: 'spa',
      post_logout_redirect_uri: 'https://app.example/',
      state: 'st-1',
      logout_hint: 'alice@example.com',
      ui_locales: 'fr',
    })
  })

  it('identifies the client with client_id when there is no id_token_hint', async () => {
    const { ctx } = await context()
    const url = buildLogoutUrl(ctx, { postLogoutRedirectUri: 'https://app.example/' })
    expect(url?.searchParams.get('client_id')).toBe('spa')
    expect(url?.searchParams.has('id_token_hint')).toBe(false)
  })
})
