import { expect, it } from 'vitest'
import { normalizeScope } from './scope.ts'

it('always includes openid first, dedupes and collapses whitespace', () => {
  expect(normalizeScope()).toBe('openid')
  expect(normalizeScope('profile  email', 'openid profile offline_access')).toBe(
    'openid profile email offline_access',
  )
  expect(normalizeScope(' ', undefined)).toBe('openid')
})
