// Issue 11.1: metadata is untrusted input. Every endpoint Lanyard navigates to or requests must
// be https (http only on loopback, for a loopback issuer), checked in discover, on cached
// metadata, and in createContext, before anything uses it.
import { ISSUER, createFakeProvider, json } from '@lanyard/test-utils'
import { describe, expect, it } from 'vitest'
import { createContext, type AuthorizationServer } from './context.ts'
import { discover } from './discovery.ts'
import { checkMetadata } from './metadata.ts'

const metadata = createFakeProvider().metadata as unknown as AuthorizationServer
const FIELDS = [
  'authorization_endpoint',
  'token_endpoint',
  'revocation_endpoint',
  'end_session_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
  'pushed_authorization_request_endpoint',
] as const
const BAD = [
  'javascript:alert(document.domain)',
  'JAVASCRIPT:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'http://op.example/authorize',
  'http://localhost:9000/authorize', // http on loopback, but the issuer is not
  'ftp://op.example/x',
  '/relative',
  'not a url',
  42,
  null,
]
const cases = FIELDS.flatMap((field) => BAD.map((value) => [field, value] as const))

describe('checkMetadata', () => {
  it.each(cases)('rejects %s = %o naming the field (AUTH_DISCOVERY_FAILED)', (field, value) => {
    const as = { ...metadata, [field]: value } as AuthorizationServer
    expect(() => checkMetadata(as)).toThrow(
      expect.objectContaining({ code: 'AUTH_DISCOVERY_FAILED', message: expect.stringContaining(field) }),
    )
  })

  it('accepts https endpoints, and http on loopback for a loopback issuer', () => {
    expect(checkMetadata(metadata)).toBe(metadata)
    const local = {
      issuer: 'http://localhost:9000',
      authorization_endpoint: 'http://localhost:9000/auth',
      token_endpoint: 'http://127.0.0.1:9000/token',
      jwks_uri: 'https://keys.example/jwks',
    }
    expect(checkMetadata(local)).toBe(local)
  })

  it('rejects an issuer that is neither https nor loopback http', () => {
    expect(() => checkMetadata({ issuer: 'http://op.example' })).toThrow(
      expect.objectContaining({ code: 'AUTH_DISCOVERY_FAILED', message: expect.stringContaining('issuer') }),
    )
  })
})

describe('where metadata comes in', () => {
  it('discover refuses a document with a javascript: authorization_endpoint', async () => {
    const op = createFakeProvider({
      handler: () => json({ ...metadata, authorization_endpoint: 'javascript:alert(1)' }),
    })
    await expect(discover(ISSUER, { fetch: op.fetch })).rejects.toMatchObject({
      code: 'AUTH_DISCOVERY_FAILED',
      message: expect.stringContaining('authorization_endpoint'),
    })
  })

  it('discover refuses cached metadata with a javascript: end_session_endpoint, without a request', async () => {
    const op = createFakeProvider()
    const cached = { ...metadata, end_session_endpoint: 'javascript:alert(1)' }
    await expect(discover(ISSUER, { fetch: op.fetch, metadata: cached })).rejects.toMatchObject({
      code: 'AUTH_DISCOVERY_FAILED',
      message: expect.stringContaining('end_session_endpoint'),
    })
    expect(op.calls).toEqual([])
  })

  it('createContext refuses metadata handed in with a plain-http token endpoint', () => {
    const as = { ...metadata, token_endpoint: 'http://op.example/token' }
    expect(() => createContext(as, { clientId: 'spa' })).toThrow(
      expect.objectContaining({
        code: 'AUTH_DISCOVERY_FAILED',
        message: expect.stringContaining('token_endpoint'),
      }),
    )
  })
})
