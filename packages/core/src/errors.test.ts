import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  AUTH_CONFIG_INVALID,
  AUTH_LOGIN_REQUIRED,
  AUTH_RESOURCE_NOT_ALLOWED,
  AUTH_TIMEOUT,
  AuthError,
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  isAuthError,
  misuse,
  type AuthErrorCode,
} from './errors.ts'
import * as core from './index.ts'

const codes = Object.entries(core)
  .filter(([name]) => name.startsWith('AUTH_'))
  .map(([, value]) => value as AuthErrorCode)

describe('AuthError', () => {
  it('carries code, server error fields and cause', () => {
    const cause = new Error('boom')
    const error = new AuthError(AUTH_LOGIN_REQUIRED, 'sign in', {
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

  it('takes its name from the code table, one name per kind, for every code', () => {
    expect(codes).toContain(AUTH_RESOURCE_NOT_ALLOWED)
    expect(codes).toHaveLength(15)
    for (const code of codes) {
      const { name } = new AuthError(code, 'x')
      expect(name).toMatch(/^[A-Z][A-Za-z]+Error$/)
      expect(name).not.toBe('AuthError')
    }
    expect(new AuthError(AUTH_CONFIG_INVALID, 'x').name).toBe('ConfigError')
    expect(new AuthError(AUTH_RESOURCE_NOT_ALLOWED, 'x').name).toBe('ResourceNotAllowedError')
    expect(new AuthError('AUTH_STATE_MISMATCH', 'x').name).toBe('CallbackError')
  })

  it('is the only error class: the old subclasses are gone from the public API', () => {
    for (const name of ['ConfigError', 'CallbackError', 'TimeoutError', 'PopupError', 'StorageError'])
      expect(core).not.toHaveProperty(name)
    expect(core).not.toHaveProperty('wrapError')
    expect(core).not.toHaveProperty('dpopThumbprint')
  })

  it('documents every code constant: when it happens and what the app should do', () => {
    const source = readFileSync(new URL('./errors.ts', import.meta.url), 'utf8')
    for (const code of codes) {
      const doc = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])+)\\*/\\s*export const ${code} =`).exec(source)
      expect(doc?.[1], code).toMatch(/\w+.*\w+/)
      expect(doc?.[1], `${code}: what should the app do?`).toMatch(/[Tt]he[\s*]+app/)
    }
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

describe('misuse', () => {
  it('is a TypeError with a stable code, ERR_INVALID_ARG_VALUE by default', () => {
    const error = misuse('redirectUri: not a URL')
    expect(error).toBeInstanceOf(TypeError)
    expect(error).toMatchObject({ code: ERR_INVALID_ARG_VALUE, message: 'redirectUri: not a URL' })
    expect(misuse('x', ERR_INVALID_ARG_TYPE).code).toBe('ERR_INVALID_ARG_TYPE')
    expect(isAuthError(error)).toBe(false)
  })
})
