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
import { CLIENT_ID, ISSUER, createFakeProvider, sharedSigningKeys, signJwt } from '@lanyard/test-utils'
import { context } from './test-utils/context.ts'
import { exchangeCode, refreshTokens, type TokenSet } from './tokens.ts'

const budget = Number(process.env.LANYARD_FUZZ_RUNS ?? 10_000)
const runs = (share: number) => Math.max(1, Math.round(budget * share))
// Generous: ~1 ms a case here, on a loaded CI machine maybe 5.
const timeout = (share: number) => 30_000 + runs(share) * 10

const redirectUri = 'https://app.example/callback'
const TOLERANCE = 120 // createContext's default clockTolerance

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const goodClaims = createFakeProvider().goodClaims
const b64url = (value: string) => Buffer.from(value).toString('base64url')
const jwt = (header: unknown, claims: unknown, signature = 'c2ln') =>
  `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${signature}`

/**
 * Stands for an ID token to sign when the response is sent (signing is asynchronous, generators
 * are not): `toResponse` replaces it with a JWT signed by the fake provider's keys.
 */
const TO_SIGN = '\u0000id-token-to-sign'
interface ToSign {
  header: Record<string, unknown>
  claims: Record<string, unknown>
}

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
})
const nullBodyStatus = new Set([204, 205, 304])

/** A value of any JSON type, biased towards the edge cases a validator trips on. */
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', ' ', '0', 'null', 'Bearer', 'DPoP', 'mac', ISSUER, `${ISSUER}/`, CLIENT_ID),
  fc.constantFrom(0, -1, 1.5, -0, 1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1),
  fc.constantFrom(null, true, false, [], {}, [CLIENT_ID], [CLIENT_ID, 'other'], { toString: 'x' }),
)

const TOKEN_FIELDS = [
  'access_token',
  'token_type',
  'expires_in',
  'refresh_token',
  'id_token',
  'scope',
] as const
const CLAIMS = ['iss', 'aud', 'sub', 'iat', 'exp', 'nonce', 'azp', 'auth_time', 'nbf'] as const

type Body = Record<string, unknown>

/** Claims of the ID token in the valid base response (nonce only for the code exchange). */
type ClaimsMutation = (claims: Record<string, unknown>) => Record<string, unknown>

/** Mostly `value`, sometimes anything from `other` (each dimension of a case is mostly benign). */
const mostly = <T>(value: T, other: fc.Arbitrary<T>, weight = 3) =>
  fc.oneof({ weight, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: other })

const claimsMutation: fc.Arbitrary<ClaimsMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant((c: Record<string, unknown>) => c) },
  fc.constantFrom(...CLAIMS).map((name) => (c: Record<string, unknown>) => {
    const { [name]: _, ...rest } = c
    return rest
  }),
  fc
    .tuple(fc.constantFrom(...CLAIMS), weirdValue)
    .map(([name, value]) => (c: Record<string, unknown>) => ({ ...c, [name]: value })),
  // The classic tampering: the dev provider's idToken switches, as claims.
  fc.constantFrom<ClaimsMutation>(
    (c) => ({ ...c, nonce: 'wrong-nonce' }),
    (c) => ({ ...c, aud: 'another-client' }),
    (c) => ({ ...c, iss: 'https://foreign-issuer.example' }),
    (c) => ({ ...c, iat: (c['iat'] as number) - 7200, exp: (c['exp'] as number) - 3600 - 300 }),
    (c) => ({ ...c, sub: 'mallory' }),
    (c) => ({ ...c, aud: [CLIENT_ID, 'other'] }),
    (c) => ({ ...c, aud: [CLIENT_ID, 'other'], azp: 'other' }),
    (c) => ({ ...c, exp: (c['exp'] as number) + 1e9 }),
  ),
)

type HeaderMutation = { header: Record<string, unknown>; mustReject: boolean }
const headerMutation: fc.Arbitrary<HeaderMutation> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ header: { alg: 'RS256', typ: 'JWT' }, mustReject: false }) },
  fc.constant({ header: { alg: 'none' }, mustReject: true }),
  fc.constant({ header: { alg: 'HS256' }, mustReject: true }),
  fc.constant({ header: { alg: 'RS256', crit: ['b64'], b64: false }, mustReject: true }),
  // A `kid` the JWKS does not have finds no key (the JWKS is fresh: no refetch).
  fc.record({ alg: weirdValue, kid: weirdValue }, { requiredKeys: [] }).map((header) => ({
    header,
    mustReject: !['RS256', 'ES256'].includes(header.alg as string) || 'kid' in header,
  })),
)

/** An ID token: well-formed with mutated claims/header, or not a JWT at all. */
const idTokenCase = (base: () => Record<string, unknown>) =>
  fc
    .oneof(
      { weight: 4, arbitrary: fc.tuple(claimsMutation, headerMutation) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    )
    .chain(
      (mutation): fc.Arbitrary<{ idToken: unknown; toSign: ToSign | undefined; mustReject: boolean }> => {
        if (mutation) {
          const [claims, { header, mustReject }] = mutation
          const toSign: ToSign = { header, claims: claims(base()) }
          return fc.constant({ idToken: TO_SIGN, toSign, mustReject })
        }
        return fc
          .oneof(
            printable,
            fc.constantFrom(
              'a.b.c',
              '..',
              'eyJ.eyJ.',
              jwt({ alg: 'RS256' }, [1]),
              jwt({ alg: 'RS256' }, 'x'),
            ),
            fc.tuple(fc.jsonValue(), fc.jsonValue()).map(([h, c]) => jwt(h, c)),
            fc.constant(`${b64url('{"alg":"RS256"')}.${b64url('{}')}.c2ln`), // header not JSON
            weirdValue,
          )
          .map((idToken) => ({ idToken, toSign: undefined, mustReject: true }))
      },
    )

interface ResponseCase {
  status: number
  headers: Record<string, string>
  body: string | null
  /** True when no valid response can come out of this case, whatever the validator thinks. */
  mustReject: boolean
  /** What is being tested, for the failure report. */
  kind: string
  /** The ID token to sign in place of {@link TO_SIGN}, if any. */
  toSign?: ToSign | undefined
}

const contentType = fc.oneof(
  { weight: 5, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'text/plain',
      'text/html',
      'application/jwt',
      '',
    ),
  },
)

const extraHeaders = fc.oneof(
  { weight: 5, arbitrary: fc.constant({}) },
  fc.constantFrom(
    { 'www-authenticate': 'Bearer error="invalid_token"' },
    { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'n1' },
    { 'www-authenticate': 'Bearer realm="x", error="invalid_grant"' },
  ),
  printable.map((value) => ({ 'www-authenticate': value })),
)

/** A token response: a mutation of the valid one (most cases), or anything at all. */
function responseCase(baseClaims: () => Record<string, unknown>, requireIdToken: boolean) {
  const validBody = (idToken: unknown): Body => ({
    access_token: 'at-fuzz',
    token_type: 'Bearer',
    expires_in: 300,
    refresh_token: 'rt-fuzz',
    scope: 'openid profile',
    id_token: idToken,
  })

  const mutated: fc.Arbitrary<ResponseCase> = fc
    .record({
      id: idTokenCase(baseClaims),
      drop: mostly([], fc.subarray([...TOKEN_FIELDS], { minLength: 1, maxLength: 2 })),
      set: mostly(
        [],
        fc.array(fc.tuple(fc.constantFrom(...TOKEN_FIELDS, 'extra', '__proto__'), weirdValue), {
          minLength: 1,
          maxLength: 2,
        }),
      ),
      tokenType: mostly('Bearer', fc.constantFrom('bearer', 'BEARER', 'DPoP', 'dpop', 'mac', 'N_A')),
      status: mostly(200, fc.constantFrom(201, 400, 401, 500), 8),
      contentType,
      headers: extraHeaders,
    })
    .map(({ id, drop, set, tokenType, status, contentType, headers }) => {
      const body: Body = { ...validBody(id.idToken), token_type: tokenType }
      for (const name of drop) delete body[name]
      for (const [name, value] of set)
        Object.defineProperty(body, name, { value, enumerable: true, writable: true, configurable: true })
      const type = body['token_type']
      const essentialsGone =
        !('access_token' in body) ||
        !(typeof type === 'string' && ['bearer', 'dpop'].includes(type.toLowerCase())) ||
        (requireIdToken && !('id_token' in body))
      const idTouched = set.some(([name]) => name === 'id_token')
      return {
        status,
        headers: { 'content-type': contentType, ...headers },
        body: JSON.stringify(body),
        mustReject: status !== 200 || essentialsGone || (!idTouched && 'id_token' in body && id.mustReject),
        kind: 'mutated',
        toSign: id.toSign,
      }
    })

  const anything: fc.Arbitrary<ResponseCase> = fc
    .record({
      status: fc.oneof(fc.constant(200), fc.integer({ min: 200, max: 599 })),
      contentType,
      headers: extraHeaders,
      body: fc.oneof(
        fc.json({ maxDepth: 3 }),
        fc.string(),
        fc.constantFrom('', '{', '{"access_token":"truncated","token_type":', 'null', '[]', '"x"', '1'),
        fc
          .record({ error: weirdValue, error_description: weirdValue }, { requiredKeys: [] })
          .map((b) => JSON.stringify(b)),
      ),
    })
    .map(({ status, contentType, headers, body }) => ({
      status,
      headers: { 'content-type': contentType, ...headers },
      body: nullBodyStatus.has(status) ? null : body,
      // A body of arbitrary JSON could, in principle, be a valid response; it is then checked below.
      mustReject: status !== 200,
      kind: 'anything',
    }))

  return fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: anything })
}

async function toResponse(c: ResponseCase): Promise<Response> {
  let body = c.body
  if (c.toSign && body?.includes(JSON.stringify(TO_SIGN))) {
    const idToken = await signJwt(c.toSign.header, c.toSign.claims, await sharedSigningKeys())
    body = body.replace(JSON.stringify(TO_SIGN), JSON.stringify(idToken))
  }
  return new Response(body, { status: c.status, headers: c.headers })
}

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
