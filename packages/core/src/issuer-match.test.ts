import { describe, expect, it } from 'vitest'
import { sameIssuer } from './issuer-match.ts'

describe('sameIssuer', () => {
  it.each([
    ['https://tenant.auth0.com', 'https://tenant.auth0.com/', true],
    ['https://accounts.google.com/', 'https://accounts.google.com', true],
    ['https://HOST.example/realms/r', 'https://host.example/realms/r', true],
    ['https://h.example/realms/r', 'https://h.example/realms/r/', false], // a path is as written
    ['https://h.example/a', 'https://h.example/b', false],
    ['https://h.example', 'http://h.example', false],
  ])('%s and %s: %s', (one, other, same) => {
    expect(sameIssuer(one, other)).toBe(same)
    expect(sameIssuer(other, one)).toBe(same)
  })
})
