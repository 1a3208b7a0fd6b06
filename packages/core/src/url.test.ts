import { describe, expect, it } from 'vitest'
import { isLoopback, parseIssuer, parseUrl } from './url.ts'

describe('parseUrl', () => {
  it('parses absolute URLs and returns undefined for anything else, never throwing', () => {
    expect(parseUrl('https://a.example/x?y#z')?.href).toBe('https://a.example/x?y#z')
    for (const bad of ['/relative', 'not a url', '', undefined, null, 42, {}, 'http://[']) {
      expect(parseUrl(bad)).toBeUndefined()
    }
  })
})

describe('parseIssuer (the one issuer rule)', () => {
  it.each([
    'https://op.example',
    'https://op.example/',
    'https://op.example/realms/x',
    'http://localhost:9000',
    'http://127.0.0.1:9000/',
    'http://[::1]:9000',
  ])('accepts %s', (issuer) => {
    expect(parseIssuer(issuer).href).toBe(new URL(issuer).href)
  })

  it.each([
    'not a url',
    'ftp://x',
    'http://op.example',
    'javascript:alert(1)',
    'https://x/?a=1',
    'https://x/#f',
    '/relative',
  ])('rejects %s with AUTH_CONFIG_INVALID naming issuer', (issuer) => {
    expect(() => parseIssuer(issuer)).toThrow(
      expect.objectContaining({ code: 'AUTH_CONFIG_INVALID', message: expect.stringMatching(/^issuer/) }),
    )
  })

  it('knows loopback hosts', () => {
    expect(isLoopback(new URL('http://localhost:1/'))).toBe(true)
    expect(isLoopback(new URL('http://localhost.evil.example/'))).toBe(false)
  })
})
