// Unit-test fakes: provider metadata, unsigned-but-well-formed ID tokens (oauth4webapi does not
// verify token-endpoint ID token signatures; TLS authenticates the issuer) and a scripted fetch.
import { createContext, type ClientContext } from '../context.ts'
import type { AuthorizationServer } from '../context.ts'

export const ISSUER = 'https://op.example'
export const CLIENT_ID = 'spa'

export const metadata: AuthorizationServer = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  revocation_endpoint: `${ISSUER}/revoke`,
  end_session_endpoint: `${ISSUER}/logout`,
  authorization_response_iss_parameter_supported: true,
  id_token_signing_alg_values_supported: ['RS256'],
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A compact JWT with a fake signature. */
export function idToken(claims: Record<string, unknown>): string {
  return `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(claims)}.c2ln`
}

/** Claims that pass every check for `nonce`. */
export function goodClaims(nonce?: string, extra: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000)
  return {
    iss: ISSUER,
    aud: CLIENT_ID,
    sub: 'alice',
    iat: now,
    exp: now + 300,
    ...(nonce && { nonce }),
    ...extra,
  }
}

export type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>

/** A fetch that records calls and answers with `handler`. */
export function fakeFetch(handler: Handler) {
  const calls: { url: string; body: string }[] = []
  const fn = async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input))
    calls.push({ url: url.href, body: String(init.body ?? '') })
    return handler(url, init)
  }
  return { fetch: fn as unknown as typeof fetch, calls }
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

export function context(handler: Handler = () => json({}, 500), as: AuthorizationServer = metadata) {
  const fake = fakeFetch(handler)
  const ctx: ClientContext = createContext(as, { clientId: CLIENT_ID, fetch: fake.fetch, timeoutMs: 2000 })
  return { ctx, calls: fake.calls }
}
