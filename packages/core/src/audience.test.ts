import { base64urlJson } from '@lanyard/test-utils'
import { describe, expect, it } from 'vitest'
import { isAccessTokenForAnotherAudience } from './audience.ts'

const jwt = (claims: unknown) => `${base64urlJson({ alg: 'RS256' })}.${base64urlJson(claims)}.sig`

// Issue 12.7: never cache a token as another API's when the response shows it is not for it.
describe('isAccessTokenForAnotherAudience', () => {
  it('is true for a JWT whose aud names none of the expected audiences or resources', () => {
    expect(
      isAccessTokenForAnotherAudience(jwt({ aud: 'https://other.example' }), 'https://api.example'),
    ).toBe(true)
    expect(isAccessTokenForAnotherAudience(jwt({ aud: ['a', 'b'] }), ['c', 'https://api.example/'])).toBe(
      true,
    )
    expect(isAccessTokenForAnotherAudience(jwt({ aud: [] }), 'https://api.example')).toBe(true)
  })

  it('is false when aud names one of them', () => {
    expect(isAccessTokenForAnotherAudience(jwt({ aud: 'https://api.example' }), 'https://api.example')).toBe(
      false,
    )
    expect(
      isAccessTokenForAnotherAudience(jwt({ aud: ['x', 'https://api.example/'] }), ['https://api.example/']),
    ).toBe(false)
    expect(isAccessTokenForAnotherAudience(jwt({ aud: 'r' }), ['aud-1', 'r'])).toBe(false)
  })

  it('accepts what tells nothing: opaque tokens, JWTs without aud, JWEs, garbage', () => {
    for (const token of [
      'opaque-token-value',
      jwt({ sub: 'alice' }),
      jwt({ aud: 42 }),
      'a.b.c.d.e',
      `${base64urlJson({ alg: 'RS256' })}.not-base64!.sig`,
      `${base64urlJson({ alg: 'RS256' })}.${base64urlJson([1])}.sig`,
      '',
    ])
      expect(isAccessTokenForAnotherAudience(token, 'https://api.example')).toBe(false)
  })

  it('reads UTF-8 claims', () => {
    expect(
      isAccessTokenForAnotherAudience(jwt({ aud: 'https://api.example/ü' }), 'https://api.example/ü'),
    ).toBe(false)
  })
})
