// Issue 11.3: no error, cause chain or own property may ever hold token material. oauth4webapi's
// errors keep the response and its body (live tokens, when a token response fails validation);
// what Lanyard throws must keep only safe fields. Property: for token responses that fail, every
// string reachable from the error (JSON, own properties enumerable or not, symbols, causes) is
// free of the access, refresh and ID token strings.
import { ISSUER, createFakeProvider, json } from '@lanyard/test-utils'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAuthorizationRequest } from './authorize.ts'
import { validateCallback } from './callback.ts'
import { isAuthError } from './errors.ts'
import { context } from './test-utils/context.ts'
import { exchangeCode, refreshTokens, type TokenSet } from './tokens.ts'

// Case counts scale with LANYARD_FUZZ_RUNS (default 10,000 → 300 cases, ~5 ms each).
const numRuns = Math.max(50, Math.round(Number(process.env.LANYARD_FUZZ_RUNS ?? 10_000) * 0.03))
const timeout = 30_000 + numRuns * 30
const redirectUri = 'https://app.example/callback'
const op = createFakeProvider()

/** Every string reachable from `value`; fails on a Response (its body may hold anything). */
function reachableText(value: unknown, seen = new Set<unknown>()): string[] {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return [String(value)]
  if (seen.has(value)) return []
  seen.add(value)
  if (value instanceof Response || value instanceof Request)
    throw new Error('a Response is reachable from the error')
  const texts: string[] = []
  try {
    texts.push(JSON.stringify(value) ?? '')
  } catch {
    // cycles: the walk below covers them
  }
  if (value instanceof URLSearchParams || value instanceof Headers)
    texts.push(new URLSearchParams(value as URLSearchParams).toString())
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
    texts.push(new TextDecoder().decode(value as ArrayBuffer))
  if (value instanceof Map || value instanceof Set)
    for (const entry of value) texts.push(...reachableText(entry, seen))
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!
    texts.push(String(key), ...reachableText('value' in descriptor ? descriptor.value : undefined, seen))
  }
  return texts
}

const secret = (prefix: string) =>
  fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/).map((value) => `${prefix}${value}`)

type Failure = (tokens: { at: string; rt: string; idToken: string }, nonce: string) => Promise<Response>

/** Token responses that carry tokens and must fail, one way or another. */
const failure: fc.Arbitrary<[string, Failure]> = fc.constantFrom<[string, Failure]>(
  ['no ID token', async ({ at, rt }) => json({ access_token: at, token_type: 'Bearer', refresh_token: rt })],
  [
    'a wrong audience',
    async ({ at, rt }, nonce) =>
      json({
        access_token: at,
        token_type: 'Bearer',
        refresh_token: rt,
        id_token: await op.idToken(op.goodClaims(nonce, { aud: 'x', sub: 'mallory' })),
      }),
  ],
  [
    'a bad signature',
    async ({ at, rt }, nonce) =>
      json({
        access_token: at,
        token_type: 'Bearer',
        refresh_token: rt,
        id_token: await op.idToken(op.goodClaims(nonce, { sub: 'mallory' }), { badSignature: true }),
      }),
  ],
  [
    'HS256',
    async ({ at, rt }, nonce) =>
      json({
        access_token: at,
        token_type: 'Bearer',
        refresh_token: rt,
        id_token: await op.idToken(op.goodClaims(nonce, { sub: 'mallory' }), { alg: 'HS256' }),
      }),
  ],
  [
    'an unknown token type',
    async ({ at, rt, idToken }) =>
      json({ access_token: at, token_type: 'mac', refresh_token: rt, id_token: idToken }),
  ],
  [
    'an unrequested DPoP token',
    async ({ at, rt, idToken }) =>
      json({ access_token: at, token_type: 'DPoP', refresh_token: rt, id_token: idToken }),
  ],
  [
    'expires_in not a number',
    async ({ at, rt, idToken }) =>
      json({
        access_token: at,
        token_type: 'Bearer',
        expires_in: 'soon',
        refresh_token: rt,
        id_token: idToken,
      }),
  ],
  [
    'a refresh token of the wrong type',
    async ({ at, idToken, rt }) =>
      json({ access_token: at, token_type: 'Bearer', refresh_token: [rt], id_token: idToken }),
  ],
  [
    'an ID token that is not a string',
    async ({ at, rt, idToken }) =>
      json({ access_token: at, token_type: 'Bearer', refresh_token: rt, id_token: { idToken } }),
  ],
  [
    'an OAuth error carrying tokens',
    async ({ at, rt, idToken }) =>
      json({ error: 'invalid_grant', access_token: at, refresh_token: rt, id_token: idToken }, 400),
  ],
  [
    'a 500 echoing tokens',
    async ({ at, rt, idToken }) => new Response(`oops ${at} ${rt} ${idToken}`, { status: 500 }),
  ],
  [
    'a challenge with tokens in the body',
    async ({ at, rt }) =>
      json({ access_token: at, refresh_token: rt }, 401, {
        'www-authenticate': 'Bearer error="invalid_token"',
      }),
  ],
  [
    'HTML with tokens',
    async ({ at, rt }) => new Response(`<p>${at} ${rt}</p>`, { headers: { 'content-type': 'text/html' } }),
  ],
  [
    'truncated JSON',
    async ({ at, rt }) =>
      new Response(`{"access_token":"${at}","refresh_token":"${rt}"`, {
        headers: { 'content-type': 'application/json' },
      }),
  ],
)

describe('property: no token material in errors', () => {
  it(
    'property: a failed code exchange or refresh leaks no token string through the error',
    async () => {
      let current: { response: () => Promise<Response> } | undefined
      const { ctx } = await context(() => current!.response())
      await fc.assert(
        fc.asyncProperty(
          secret('AT'),
          secret('RT'),
          failure,
          fc.boolean(),
          async (at, rt, [name, fail], refresh) => {
            const { transaction } = await createAuthorizationRequest(ctx, { redirectUri })
            const idToken = await op.idToken(op.goodClaims(transaction.nonce, { sub: 'mallory' }), {
              badSignature: true,
            })
            current = { response: () => fail({ at, rt, idToken }, transaction.nonce) }
            const previous: TokenSet = {
              access_token: 'old',
              token_type: 'bearer',
              refresh_token: 'rt-old',
              claims: op.goodClaims() as TokenSet['claims'] & object,
            }
            // Without an ID token a refresh is fine: that case fails only the code exchange.
            const error = await (
              refresh && name !== 'no ID token'
                ? refreshTokens(ctx, previous)
                : exchangeCode(
                    ctx,
                    validateCallback(
                      ctx,
                      `${redirectUri}?code=c&state=${transaction.state}&iss=${ISSUER}`,
                      transaction,
                    ),
                  )
            ).then(
              () => undefined,
              (e: unknown) => e,
            )
            expect(isAuthError(error)).toBe(true)
            const texts = reachableText(error).join('\n')
            for (const token of [at, rt, idToken]) expect(texts).not.toContain(token)
            // The signature part alone identifies the ID token too.
            expect(texts).not.toContain(idToken.split('.')[2])
          },
        ),
        { numRuns },
      )
    },
    timeout,
  )
})
