// Property tests of the token endpoint handling: arbitrary statuses, content types and bodies, and
// mutations of a valid response (wrong types, missing fields, tampered ID token claims and headers,
// non-JSON), fed through exchangeCode and refreshTokens with a fake fetch. Whatever comes back,
// the only rejection is an AuthError, and whatever resolves is a well-formed, validated TokenSet.
//
// Case counts scale with LANYARD_FUZZ_RUNS (default 10,000: this file takes 70% of the CI budget of
// the fuzz suites, its cases being ~10 times cheaper than the browser ones). `pnpm fuzz` raises it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { validateCallback, type ValidatedCallback } from './callback.ts'
import { isAuthError } from './errors.ts'
import { CLIENT_ID, ISSUER } from '@lanyard/test-utils'
import { context } from './test-utils/context.ts'
import { goodClaims, responseCase, toResponse, type ResponseCase } from './test-utils/token-response-cases.ts'
import { exchangeCode, refreshTokens, type TokenSet } from './tokens.ts'

const budget = Number(process.env.LANYARD_FUZZ_RUNS ?? 10_000)
const runs = (share: number) => Math.max(1, Math.round(budget * share))
// Generous: ~1 ms a case here, on a loaded CI machine maybe 5.
const timeout = (share: number) => 30_000 + runs(share) * 10

const redirectUri = 'https://app.example/callback'
const TOLERANCE = 120 // createContext's default clockTolerance

// ---------------------------------------------------------------------------------------------
// What a resolved TokenSet must look like
// ---------------------------------------------------------------------------------------------

function expectWellFormed(tokens: TokenSet, now: number) {
  expect(typeof tokens.access_token).toBe('string')
  expect(tokens.access_token.length).toBeGreaterThan(0)
  expect(['bearer', 'dpop']).toContain(tokens.token_type)
  if (tokens.expires_at !== undefined) expect(Number.isFinite(tokens.expires_at)).toBe(true)
  for (const name of ['refresh_token', 'id_token', 'scope'] as const)
    if (tokens[name] !== undefined) expect(typeof tokens[name]).toBe('string')
  const claims = tokens.claims
  if (!claims) return
  expect(claims.iss).toBe(ISSUER)
  const aud = [claims.aud].flat()
  expect(aud).toContain(CLIENT_ID)
  // OIDC Core 3.1.3.7: azp MUST be us when there are several audiences (with one audience, checking
  // azp is only a SHOULD, and oauth4webapi does not).
  if (aud.length > 1) expect(claims.azp).toBe(CLIENT_ID)
  // Issue 12.3: an azp, if any, is us, also for a single audience.
  if (claims.azp !== undefined) expect(claims.azp).toBe(CLIENT_ID)
  // Only the type: oauth4webapi accepts an empty `sub` (found by this property; see SECURITY.md).
  expect(typeof claims.sub).toBe('string')
  expect(typeof claims.iat).toBe('number')
  // Issue 12.2: not issued in the future beyond the clock tolerance.
  expect(claims.iat).toBeLessThanOrEqual(Math.floor(now / 1000) + TOLERANCE + 1)
  expect(typeof claims.exp).toBe('number')
  expect(claims.exp).toBeGreaterThanOrEqual(Math.floor(now / 1000) - TOLERANCE - 1)
}

function expectOnlyAuthErrors(error: unknown) {
  // Not a TypeError (programmer error) nor anything raw: the input was the server's, not ours.
  if (!isAuthError(error)) throw new Error(`not an AuthError: ${String(error)}`, { cause: error })
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('property: token endpoint responses', () => {
  it(
    'property: exchangeCode only resolves to a validated TokenSet, and only rejects with AuthErrors',
    async () => {
      let current: ResponseCase | undefined
      const { ctx, calls } = await context(() => toResponse(current!))
      const { transaction } = await createAuthorizationRequest(ctx, { redirectUri })
      const callback: ValidatedCallback = validateCallback(
        ctx,
        `${redirectUri}?code=c&state=${transaction.state}&iss=${encodeURIComponent(ISSUER)}`,
        transaction,
      )
      const base = () => goodClaims(transaction.nonce)
      let resolved = 0

      await fc.assert(
        fc.asyncProperty(responseCase(base, true), async (c) => {
          current = c
          calls.length = 0
          const now = Date.now()
          let tokens: TokenSet
          try {
            tokens = await exchangeCode(ctx, callback, { now })
          } catch (error) {
            expectOnlyAuthErrors(error)
            expect(calls.length).toBe(1)
            return
          }
          expect(c.mustReject).toBe(false)
          expect(calls.length).toBe(1)
          expectWellFormed(tokens, now)
          // The code exchange requires an ID token, with this login's nonce.
          expect(tokens.claims?.nonce).toBe(transaction.nonce)
          expect(typeof tokens.id_token).toBe('string')
          resolved++
        }),
        { numRuns: runs(0.4) },
      )
      // The generator is not so hostile that nothing ever passes (which would prove nothing).
      if (runs(0.4) >= 500) expect(resolved).toBeGreaterThan(runs(0.4) / 50)
    },
    timeout(0.4),
  )

  it(
    'property: refreshTokens keeps the user, and only rejects with AuthErrors',
    async () => {
      let current: ResponseCase | undefined
      const { ctx } = await context(() => toResponse(current!))
      const previousClaims = goodClaims(undefined, { sub: 'alice' })
      const previous: TokenSet = {
        access_token: 'at-old',
        token_type: 'bearer',
        refresh_token: 'rt-old',
        id_token: 'idt-old',
        claims: previousClaims as TokenSet['claims'] & object,
      }
      // No nonce in the base: oauth4webapi does not check nonce on refresh (see fault-switches.test.ts).
      const base = () => goodClaims(undefined, { sub: 'alice' })
      let resolved = 0

      await fc.assert(
        fc.asyncProperty(responseCase(base, false), async (c) => {
          current = c
          const now = Date.now()
          let tokens: TokenSet
          try {
            tokens = await refreshTokens(ctx, previous, { now })
          } catch (error) {
            expectOnlyAuthErrors(error)
            return
          }
          expect(c.mustReject).toBe(false)
          expectWellFormed(tokens, now)
          // OIDC Core 12.2: the same user, and a refresh token to carry on with.
          expect(tokens.claims?.sub).toBe('alice')
          expect(typeof tokens.refresh_token).toBe('string')
          expect(typeof tokens.id_token).toBe('string')
          resolved++
        }),
        { numRuns: runs(0.28) },
      )
      if (runs(0.28) >= 500) expect(resolved).toBeGreaterThan(runs(0.28) / 50)
    },
    timeout(0.28),
  )

  it(
    'property: exchangeCode makes no request for anything validateCallback did not issue',
    async () => {
      const { ctx, calls } = await context()
      const { transaction } = await createAuthorizationRequest(ctx, { redirectUri })
      const real = validateCallback(
        ctx,
        `${redirectUri}?code=c&state=${transaction.state}&iss=${encodeURIComponent(ISSUER)}`,
        transaction,
      )
      const forged = fc.oneof(
        fc.anything(),
        fc.constant({ ...real }),
        fc.constant({ params: real.params, transaction }),
        fc.constant(Object.create(real) as unknown),
        fc.record({
          params: fc.constant(new URLSearchParams('code=c')),
          transaction: fc.constant(transaction),
        }),
      )
      await fc.assert(
        fc.asyncProperty(forged, async (value) => {
          await expect(exchangeCode(ctx, value as ValidatedCallback)).rejects.toThrow(TypeError)
          expect(calls).toHaveLength(0)
        }),
        { numRuns: runs(0.02) },
      )
    },
    timeout(0.02),
  )
})

describe('found by fuzzing', () => {
  // Found by fuzzing: token_type "DPoP" without a DPoP proof used to be accepted, leaving a
  // session the client has no key for; it is refused.
  it('refuses token_type DPoP when no DPoP handle was used', async () => {
    const { ctx } = await context(() =>
      Response.json({ access_token: 'at', token_type: 'DPoP', refresh_token: 'rt2' }),
    )
    const previous: TokenSet = { access_token: 'a', token_type: 'bearer', refresh_token: 'rt1' }
    await expect(refreshTokens(ctx, previous)).rejects.toMatchObject({ code: 'AUTH_INVALID_RESPONSE' })
  })
})
