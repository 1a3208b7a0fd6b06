// Generators of token endpoint responses for the property tests (tokens.fuzz.test.ts): mutations
// of a valid response (wrong types, missing fields, tampered ID token claims and headers, non-JSON)
// and anything at all, each knowing whether no validator may accept it.
// Test-only (see context.ts): the rule keeping shipped core code on oauth4webapi alone does not apply.
// eslint-disable-next-line no-restricted-imports
import { CLIENT_ID, ISSUER, createFakeProvider, sharedSigningKeys, signJwt } from '@lanyard/test-utils'
import fc from 'fast-check'
// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

export const goodClaims = createFakeProvider().goodClaims
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

export interface ResponseCase {
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
export function responseCase(baseClaims: () => Record<string, unknown>, requireIdToken: boolean) {
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

export async function toResponse(c: ResponseCase): Promise<Response> {
  let body = c.body
  if (c.toSign && body?.includes(JSON.stringify(TO_SIGN))) {
    const idToken = await signJwt(c.toSign.header, c.toSign.claims, await sharedSigningKeys())
    body = body.replace(JSON.stringify(TO_SIGN), JSON.stringify(idToken))
  }
  return new Response(body, { status: c.status, headers: c.headers })
}
