// Entra ID multi-tenant apps use `https://login.microsoftonline.com/common/v2.0` (or
// `organizations`): its discovery document names the issuer
// `https://login.microsoftonline.com/{tenantid}/v2.0`, and each ID token's `iss` is that with the
// user's tenant, its own `tid` claim.
import { createFakeProvider, json } from '@lanyard/test-utils'
import { describe, expect, it } from 'vitest'
import { discover } from './discovery.ts'
import { exchangeWithIdToken } from './test-utils/exchange.ts'
import { issuerMatches } from './issuer-match.ts'

const HOST = 'https://login.microsoftonline.com'
const TEMPLATE = `${HOST}/{tenantid}/v2.0`
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47'

const metadata = (tenant: string) => ({
  issuer: TEMPLATE,
  authorization_endpoint: `${HOST}/${tenant}/oauth2/v2.0/authorize`,
  token_endpoint: `${HOST}/${tenant}/oauth2/v2.0/token`,
  jwks_uri: `${HOST}/${tenant}/discovery/v2.0/keys`,
  end_session_endpoint: `${HOST}/${tenant}/oauth2/v2.0/logout`,
  id_token_signing_alg_values_supported: ['RS256'],
  authorization_response_iss_parameter_supported: false, // (Entra sends no iss in the response)
})

describe('Entra ID multi-tenant', () => {
  it.each(['common', 'organizations'])('discovers %s, whose document names {tenantid}', async (tenant) => {
    const fetch = (async () => json(metadata(tenant))) as unknown as typeof globalThis.fetch
    await expect(discover(`${HOST}/${tenant}/v2.0`, { fetch })).resolves.toMatchObject({ issuer: TEMPLATE })
  })

  it('accepts the template only for an issuer it spells out', () => {
    expect(issuerMatches(TEMPLATE, `${HOST}/common/v2.0`)).toBe(true)
    expect(issuerMatches(TEMPLATE, `${HOST}/common/v2.0/`)).toBe(false)
    expect(issuerMatches(TEMPLATE, `${HOST}/a/b/v2.0`)).toBe(false)
    expect(issuerMatches(TEMPLATE, `https://evil.example/common/v2.0`)).toBe(false)
    expect(issuerMatches(`${HOST}/{tenantid}/{tenantid}`, `${HOST}/a/a`)).toBe(false)
    // `consumers` names a fixed tenant (personal accounts): that one is the issuer to configure.
    expect(issuerMatches(`${HOST}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0`, `${HOST}/consumers/v2.0`)).toBe(
      false,
    )
  })

  const login = (claims: (nonce: string) => Record<string, unknown>) => ({
    exchanging: exchangeWithIdToken(
      createFakeProvider({ issuer: TEMPLATE, metadata: metadata('common') }),
      claims,
    ),
  })

  it('accepts an ID token whose iss is the template filled with its own tid', async () => {
    const { exchanging } = login((nonce) => ({
      ...goodClaims(nonce),
      iss: `${HOST}/${TENANT}/v2.0`,
      tid: TENANT,
    }))
    await expect(exchanging).resolves.toMatchObject({ claims: { tid: TENANT } })
  })

  it.each([
    [
      'another tenant than its tid',
      { iss: `${HOST}/${TENANT}/v2.0`, tid: '00000000-0000-0000-0000-000000000001' },
    ],
    ['no tid', { iss: `${HOST}/${TENANT}/v2.0` }],
    ['the template itself', { iss: TEMPLATE, tid: TENANT }],
    ['another host', { iss: `https://evil.example/${TENANT}/v2.0`, tid: TENANT }],
  ])('refuses an ID token whose iss names %s', async (_, claims) => {
    const { exchanging } = login((nonce) => ({ ...goodClaims(nonce), ...claims }))
    await expect(exchanging).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  })
})

const goodClaims = (nonce: string) => createFakeProvider({ issuer: TEMPLATE }).goodClaims(nonce)
