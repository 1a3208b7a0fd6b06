// A scripted OpenID provider behind an injected `fetch`, for unit tests in happy-dom. ID tokens
// carry a fake signature: oauth4webapi does not verify token-endpoint ID token signatures.
import { vi } from 'vitest'

export const ISSUER = 'https://op.example'

const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
const jwt = (claims: object) => `${b64url({ alg: 'RS256' })}.${b64url(claims)}.c2ln`
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

export interface FakeOp {
  fetch: typeof fetch
  /** `METHOD path` of every request. */
  calls: string[]
  tokenCalls(): URLSearchParams[]
  /** Tokens issued so far; `ttl` seconds each. */
  ttl: number
  /** Replace the next token responses (e.g. an error). */
  tokenResponse?: (() => Response) | undefined
  /** False: token responses carry no refresh token (providers that issue none). */
  refreshTokens: boolean
  /** Claims to override in the next ID token. */
  claims: Record<string, unknown>
  /** The nonce and state of the last authorization URL that was assigned. */
  lastAuthorize?: URL
  /** The callback URL the provider would redirect to for the last authorization request. */
  callbackUrl(): string
}

/** Creates a {@link FakeOp} and captures `location.assign` (redirects to the provider). */
export function fakeOp(): FakeOp {
  let issued = 0
  const bodies: URLSearchParams[] = []
  const op: FakeOp = {
    calls: [],
    ttl: 3600,
    refreshTokens: true,
    claims: {},
    tokenCalls: () => bodies,
    callbackUrl() {
      const url = new URL(op.lastAuthorize!.searchParams.get('redirect_uri')!)
      url.searchParams.set('code', `code-${issued}`)
      url.searchParams.set('state', op.lastAuthorize!.searchParams.get('state')!)
      url.searchParams.set('iss', ISSUER)
      return url.href
    },
    fetch: (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      op.calls.push(`${init.method ?? 'GET'} ${url.pathname}`)
      if (url.pathname == '/.well-known/openid-configuration') {
        return json({
          issuer: ISSUER,
          authorization_endpoint: `${ISSUER}/authorize`,
          token_endpoint: `${ISSUER}/token`,
          revocation_endpoint: `${ISSUER}/revoke`,
          end_session_endpoint: `${ISSUER}/logout`,
          authorization_response_iss_parameter_supported: true,
        })
      }
      if (url.pathname == '/token') {
        const body = new URLSearchParams(String(init.body))
        bodies.push(body)
        if (op.tokenResponse) return op.tokenResponse()
        issued++
        const now = Math.floor(Date.now() / 1000)
        const nonce =
          body.get('grant_type') == 'authorization_code'
            ? op.lastAuthorize?.searchParams.get('nonce')
            : undefined
        const claims = {
          iss: ISSUER,
          aud: 'spa',
          sub: 'alice',
          name: 'Alice',
          iat: now,
          exp: now + 300,
          ...(nonce && { nonce }),
          ...op.claims,
        }
        return json({
          access_token: `at-${issued}`,
          token_type: 'Bearer',
          expires_in: op.ttl,
          ...(op.refreshTokens && { refresh_token: `rt-${issued}` }),
          id_token: jwt(claims),
        })
      }
      if (url.pathname == '/revoke') return new Response(null, { status: 200 })
      return json({ error: 'not_found' }, 404)
    }) as typeof fetch,
  }
  vi.spyOn(window.location, 'assign').mockImplementation((url: string | URL) => {
    const target = new URL(String(url))
    if (target.pathname == '/authorize') op.lastAuthorize = target
  })
  return op
}
