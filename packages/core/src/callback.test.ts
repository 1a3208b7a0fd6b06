import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { readCallbackState } from './callback-state.ts'
import { isValidatedCallback, validateCallback } from './callback.ts'
import { isAuthError } from './errors.ts'
import { ISSUER } from '@lanyard/test-utils'
import { context } from './test-utils/context.ts'
import type { Transaction } from './transaction.ts'

const { ctx } = await context()
const redirectUri = 'https://app.example/callback'
const tx = (await createAuthorizationRequest(ctx, { redirectUri })).transaction
const cb = (query: Record<string, string>) => `${redirectUri}?${new URLSearchParams(query)}`
const code = (extra: Record<string, string> = {}) => ({ code: 'c', state: tx.state, iss: ISSUER, ...extra })

describe('validateCallback', () => {
  it('accepts a matching response and brands it', () => {
    const result = validateCallback(ctx, cb(code()), tx)
    expect(result.params.get('code')).toBe('c')
    expect(result.transaction).toBe(tx)
    expect(isValidatedCallback(result)).toBe(true)
    expect(isValidatedCallback({ ...result })).toBe(false)
  })

  it.each([
    ['another state', code({ state: 'forged' })],
    ['no state', { code: 'c', iss: ISSUER }],
    ['an error with a forged state', { error: 'access_denied', state: 'forged', iss: ISSUER }],
  ])('rejects %s with AUTH_STATE_MISMATCH', (_name, query) => {
    expect(() => validateCallback(ctx, cb(query), tx)).toThrow(
      expect.objectContaining({ code: 'AUTH_STATE_MISMATCH' }),
    )
  })

  it('rejects a duplicated state', () => {
    const url = `${cb(code())}&state=${tx.state}`
    expect(() => validateCallback(ctx, url, tx)).toThrow(
      expect.objectContaining({ code: 'AUTH_STATE_MISMATCH' }),
    )
  })

  it.each([
    ['a foreign iss (mix-up)', code({ iss: 'https://evil.example' })],
    ['a missing iss when the provider advertises RFC 9207', { code: 'c', state: tx.state }],
    ['no code', { state: tx.state, iss: ISSUER }],
    ['an empty error and no code', { error: '', state: tx.state, iss: ISSUER }],
    ['an implicit-flow token', code({ id_token: 'x' })],
    ['an implicit-flow access token', code({ token: 'x' })],
    ['a JARM response', code({ response: 'eyJ' })],
    ['an empty iss when the provider advertises RFC 9207', code({ iss: '' })],
    [
      'an error from a foreign iss (mix-up first)',
      { error: 'access_denied', state: tx.state, iss: 'https://evil.example' },
    ],
  ])('rejects %s with AUTH_CALLBACK_INVALID', (_name, query) => {
    expect(() => validateCallback(ctx, cb(query), tx)).toThrow(
      expect.objectContaining({ code: 'AUTH_CALLBACK_INVALID' }),
    )
  })

  it('rejects two codes with AUTH_CALLBACK_INVALID', () => {
    expect(() => validateCallback(ctx, `${cb(code())}&code=d`, tx)).toThrow(
      expect.objectContaining({ code: 'AUTH_CALLBACK_INVALID' }),
    )
  })

  it.each(['iss', 'error', 'response', 'id_token', 'token'])(
    'rejects a duplicated %s with AUTH_CALLBACK_INVALID',
    (name) => {
      const url = `${cb(code())}&${name}=x&${name}=x`
      expect(() => validateCallback(ctx, url, tx)).toThrow(
        expect.objectContaining({ code: 'AUTH_CALLBACK_INVALID' }),
      )
    },
  )

  it('rejects a foreign iss even when the provider does not advertise RFC 9207', async () => {
    const { ctx: plain } = await context(undefined, { issuer: ISSUER, authorization_endpoint: `${ISSUER}/a` })
    expect(() => validateCallback(plain, cb(code({ iss: 'https://evil.example' })), tx)).toThrow(
      expect.objectContaining({ code: 'AUTH_CALLBACK_INVALID' }),
    )
  })

  it('rejects an empty iss even when the provider does not advertise RFC 9207 (present: compared)', async () => {
    const { ctx: plain } = await context(undefined, { issuer: ISSUER, authorization_endpoint: `${ISSUER}/a` })
    expect(() => validateCallback(plain, cb(code({ iss: '' })), tx)).toThrow(
      expect.objectContaining({ code: 'AUTH_CALLBACK_INVALID' }),
    )
  })

  it('accepts a missing iss when the provider does not advertise RFC 9207', async () => {
    const { ctx: plain } = await context(undefined, { issuer: ISSUER, authorization_endpoint: `${ISSUER}/a` })
    expect(validateCallback(plain, cb({ code: 'c', state: tx.state }), tx).params.get('code')).toBe('c')
  })

  it('turns ?error= into AUTH_AUTHORIZATION_ERROR with the server fields', () => {
    const url = cb({ error: 'access_denied', error_description: 'no thanks', state: tx.state, iss: ISSUER })
    expect(() => validateCallback(ctx, url, tx)).toThrow(
      expect.objectContaining({
        name: 'AuthorizationError',
        code: 'AUTH_AUTHORIZATION_ERROR',
        error: 'access_denied',
        errorDescription: 'no thanks',
      }),
    )
  })

  it('rejects a string that is not a URL', () => {
    expect(() => validateCallback(ctx, 'nope', tx)).toThrow(
      expect.objectContaining({ code: 'AUTH_CALLBACK_INVALID' }),
    )
  })
})

describe('readCallbackState', () => {
  it('finds the state of code and error responses only', () => {
    expect(readCallbackState(cb(code()))).toBe(tx.state)
    expect(readCallbackState(cb({ error: 'x', state: 's' }))).toBe('s')
    expect(readCallbackState(cb({ state: 's' }))).toBeUndefined()
    expect(readCallbackState(`${cb(code())}&state=again`)).toBeUndefined()
    expect(readCallbackState('::::')).toBeUndefined()
  })
})

// Property tests. LANYARD_FUZZ_RUNS raises the count for `pnpm fuzz`.
const numRuns = Number(process.env.LANYARD_FUZZ_RUNS ?? 10_000)
// ~0.2 ms a case alone; generous for a loaded CI machine (Vitest's default 5 s is not).
const timeout = 30_000 + numRuns * 2

const paramName = fc.constantFrom(
  'code',
  'state',
  'iss',
  'error',
  'error_description',
  'id_token',
  'response',
  'x',
)
const paramValue = fc.oneof(
  fc.string(),
  fc.constant(tx.state),
  fc.constant(ISSUER),
  fc.constant('access_denied'),
)
const callbackUrl = fc.oneof(
  fc
    .array(fc.tuple(paramName, paramValue), { maxLength: 6 })
    .map((pairs) => `${redirectUri}?${new URLSearchParams(pairs)}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string(),
)

describe('property: callback parsing', () => {
  it(
    'never throws anything but an AuthError, and never validates without the matching state',
    () => {
      fc.assert(
        fc.property(callbackUrl, (url) => {
          let result
          try {
            result = validateCallback(ctx, url, tx)
          } catch (error) {
            expect(isAuthError(error)).toBe(true)
            return
          }
          expect(new URL(url).searchParams.getAll('state')).toEqual([tx.state])
          expect(result.params.get('code')).toBeTruthy()
        }),
        { numRuns },
      )
    },
    timeout,
  )

  it(
    'never validates against another transaction',
    () => {
      const other: Transaction = { ...tx, state: 'other-state' }
      fc.assert(
        fc.property(callbackUrl, (url) => {
          expect(() => validateCallback(ctx, url, other)).toThrow()
        }),
        { numRuns },
      )
    },
    timeout,
  )

  it(
    'readCallbackState never throws',
    () => {
      fc.assert(
        fc.property(callbackUrl, (url) => {
          const state = readCallbackState(url)
          expect(state === undefined || typeof state === 'string').toBe(true)
        }),
        { numRuns },
      )
    },
    timeout,
  )
})
