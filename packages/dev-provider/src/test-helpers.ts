// Shared by this package's tests (not built, not exported).
import { completeLogin, type LoginOptions } from './login.ts'
import { createHash, type webcrypto } from 'node:crypto'
import { SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose'
import type { DevProvider } from './types.ts'

type CryptoKeyPair = webcrypto.CryptoKeyPair

export const CLIENT_ID = 'lanyard-dev'
export const REDIRECT_URI = 'http://localhost:4173/callback.html'
export const APP_ORIGIN = 'http://localhost:4173'

export interface Discovery {
  issuer: string
  authorization_endpoint: string
  token_endpoint: string
  userinfo_endpoint: string
  revocation_endpoint: string
  end_session_endpoint: string
  [key: string]: unknown
}

export interface TokenResponse {
  access_token: string
  refresh_token: string
  id_token: string
  token_type: string
  scope: string
  expires_in: number
}

/** The provider's discovery document. */
export async function discover(provider: DevProvider): Promise<Discovery> {
  const response = await fetch(`${provider.baseUrl}/.well-known/openid-configuration`)
  return (await response.json()) as Discovery
}

const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')

/** PKCE S256 with node's WebCrypto, as a browser would compute it. */
export async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)))
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return { verifier, challenge: base64url(new Uint8Array(digest)) }
}

/** An authorization request URL for the default client, with PKCE. */
export function authorizationUrl(
  discovery: Discovery,
  challenge: string,
  extra: Record<string, string> = {},
): URL {
  const url = new URL(discovery.authorization_endpoint)
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  }).toString()
  return url
}

/** POST to the token endpoint as the default client, from the e2e origin. */
export function tokenRequest(discovery: Discovery, params: Record<string, string>): Promise<Response> {
  return fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { origin: APP_ORIGIN },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...params }),
  })
}

/** Authorization code flow end to end: login over HTTP, then the code exchange. */
export async function loginForTokens(
  discovery: Discovery,
  extra: Record<string, string> = {},
  options: LoginOptions = {},
): Promise<TokenResponse> {
  const { verifier, challenge } = await pkce()
  const callback = new URL(await completeLogin(authorizationUrl(discovery, challenge, extra), options))
  const code = callback.searchParams.get('code')
  if (!code) throw new Error(`no code in ${callback.href}`)
  const response = await tokenRequest(discovery, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  })
  if (response.status !== 200) throw new Error(`token endpoint: ${response.status} ${await response.text()}`)
  return (await response.json()) as TokenResponse
}

/** GET /api/me with a Bearer token. */
export function apiMe(provider: DevProvider, accessToken: string): Promise<Response> {
  return fetch(`${provider.baseUrl}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } })
}

/** A JWT's payload, unverified. */
export function decodeJwt(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
}

/** Claims and header parameters to add to, or override in, a {@link dpopProof}; `undefined` drops one. */
export interface ProofOverrides {
  claims?: Record<string, unknown>
  header?: Record<string, unknown>
}

/**
 * A DPoP proof JWT, ES256 by default (pass `header: { alg }` for another key type), with `htm`,
 * `htu`, `iat` now and a random `jti`; add `ath` / `nonce` through `claims`.
 */
export async function dpopProof(
  key: CryptoKeyPair,
  htm: string,
  htu: string,
  overrides: ProofOverrides = {},
): Promise<string> {
  const { kty, crv, x, y, n, e } = await crypto.subtle.exportKey('jwk', key.publicKey)
  const jwk = Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined))
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk, ...overrides.header }
  const payload = {
    htm,
    htu,
    iat: Math.floor(Date.now() / 1000),
    jti: crypto.randomUUID(),
    ...overrides.claims,
  }
  return new SignJWT(payload as JWTPayload)
    .setProtectedHeader(header as JWTHeaderParameters)
    .sign(key.privateKey)
}

/** The `ath` claim for an access token: base64url(SHA-256(token)). */
export function ath(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('base64url')
}

/** GET /api/me with `Authorization: DPoP` and the given proof(s). */
export function apiMeDpop(
  provider: DevProvider,
  accessToken: string,
  proof?: string | string[],
  headers: Record<string, string> = {},
): Promise<Response> {
  const all = new Headers({ authorization: `DPoP ${accessToken}`, ...headers })
  for (const p of proof === undefined ? [] : [proof].flat()) all.append('dpop', p)
  return fetch(`${provider.baseUrl}/api/me`, { headers: all })
}

/** An ES256 key pair for DPoP. */
export function dpopKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
}
