import { expect, it } from 'vitest'
import { buildLogoutUrl } from './logout.ts'
import { context, metadata } from './test-utils/fake-provider.ts'

it('builds an RP-initiated logout URL', () => {
  const { ctx } = context()
  const url = buildLogoutUrl(ctx, { idTokenHint: 'idt', postLogoutRedirectUri: 'https://app.example/' })
  expect(url?.origin + url!.pathname).toBe('https://op.example/logout')
  expect(Object.fromEntries(url!.searchParams)).toEqual({
    client_id: 'spa',
    id_token_hint: 'idt',
    post_logout_redirect_uri: 'https://app.example/',
  })
})

it("uses Auth0's /v2/logout when an Auth0 tenant has no end_session_endpoint", () => {
  const as = { issuer: 'https://t.eu.auth0.com/', authorization_endpoint: 'https://t.eu.auth0.com/authorize' }
  const { ctx } = context(undefined, as)
  const url = buildLogoutUrl(ctx, { postLogoutRedirectUri: 'https://app.example/' })
  expect(url?.href).toBe(
    'https://t.eu.auth0.com/v2/logout?client_id=spa&returnTo=https%3A%2F%2Fapp.example%2F',
  )
})

it('returns undefined when the provider has no logout endpoint', () => {
  const { end_session_endpoint: _, ...as } = metadata
  expect(buildLogoutUrl(context(undefined, as).ctx)).toBeUndefined()
})
