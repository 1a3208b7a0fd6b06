import { describe, expect, it } from 'vitest'
import { AUTH_LOGIN_REQUIRED, AUTH_TIMEOUT, AuthError, LoginRequiredError, isAuthError } from './errors.ts'

describe('AuthError', () => {
  it('carries code, server error fields and cause', () => {
    const cause = new Error('boom')
    const error = new LoginRequiredError(AUTH_LOGIN_REQUIRED, 'sign in', {
      cause,
      error: 'invalid_grant',
      errorDescription: 'gone',
      status: 400,
    })
    expect(error).toBeInstanceOf(AuthError)
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('LoginRequiredError')
    expect(error.code).toBe('AUTH_LOGIN_REQUIRED')
    expect(error.cause).toBe(cause)
    expect([error.error, error.errorDescription, error.status]).toEqual(['invalid_grant', 'gone', 400])
  })

  it('isAuthError checks the brand and the code, not the class identity', () => {
    const error = new AuthError(AUTH_TIMEOUT, 'late')
    expect(isAuthError(error)).toBe(true)
    expect(isAuthError(error, 'AUTH_TIMEOUT')).toBe(true)
    expect(isAuthError(error, 'AUTH_NETWORK_ERROR')).toBe(false)
    // A copy from a second bundle has another class but the same global symbol brand.
    const foreign = Object.assign(new Error('x'), { code: 'AUTH_TIMEOUT' })
    Object.defineProperty(foreign, Symbol.for('lanyard.AuthError'), { value: true })
    expect(isAuthError(foreign, 'AUTH_TIMEOUT')).toBe(true)
    expect(isAuthError(new Error('plain'))).toBe(false)
    expect(isAuthError({ code: 'AUTH_TIMEOUT' })).toBe(false)
    expect(isAuthError(null)).toBe(false)
  })
})
