// A scripted OpenID provider behind an injected `fetch`, for unit tests (node and happy-dom):
// discovery, a JWKS, an authorization request it is told about, PAR, a token endpoint (code and
// refresh grants) signing real ID tokens, revocation, UserInfo. Tests script it through its fields.
import { breakSignature, signJwt } from './jwt.ts'
import { json } from './responses.ts'
import { generateSigningKey, sharedSigningKeys, type SigningAlg, type SigningKey } from './signing-keys.ts'

export const ISSUER = 'https://op.example'
export const CLIENT_ID = 'spa'

/** Answers a request before the scripted endpoints; `undefined` falls through to them. */
export type Handler = (url: URL, init: RequestInit) => Response | undefined | Promise<Response | undefined>

/** One request the provider received. */
export interface RecordedRequest {
  method: string
  url: string
  body: string
}

/** How {@link FakeProvider.idToken} signs. */
export interface IdTokenOptions {
  /** Default: the provider's `alg`. `HS256` and `none` make tokens a public client must refuse. */
  alg?: SigningAlg | 'HS256' | 'none'
  /** A `kid` other than the key's (e.g. one the JWKS does not have); `null` sends none. */
  kid?: string | null
  /** `true`: a signature that does not verify. */
  badSignature?: boolean
}

export interface FakeProviderOptions {
  issuer?: string
  clientId?: string
  /** The algorithm of the ID tokens it issues. Default `RS256`. */
  alg?: SigningAlg
  /** Merged over the discovery document (e.g. `{ require_pushed_authorization_requests: true }`). */
  metadata?: Record<string, unknown>
  handler?: Handler
}

export interface FakeProvider {
  readonly issuer: string
  readonly clientId: string
  /** The discovery document it serves (a fresh object per provider). */
  readonly metadata: { issuer: string } & Record<string, unknown>
  fetch: typeof fetch
  /** `METHOD path` of every request. */
  calls: string[]
  /** Every request, with its URL and body. */
  requests: RecordedRequest[]
  /** The bodies of the token requests so far. */
  tokenCalls(): URLSearchParams[]
  /** The bodies of the pushed authorization requests so far. */
  pushedRequests(): URLSearchParams[]
  /** Lifetime of the access tokens it issues, in seconds. */
  ttl: number
  /** False: token responses carry no refresh token (providers that issue none). */
  refreshTokens: boolean
  /** Replaces the token endpoint's answers (e.g. an error). */
  tokenResponse?: (() => Response | Promise<Response>) | undefined
  /** Claims to override in the ID tokens it issues. */
  claims: Record<string, unknown>
  /** How the token endpoint signs its ID tokens. */
  idTokenOptions: IdTokenOptions
  /** Answers before the scripted endpoints. */
  handler?: Handler | undefined
  /** The last authorization request it was told about (pushed parameters resolved). */
  lastAuthorize?: URL
  /** Records an authorization request the app sent the user to. */
  authorize(url: string | URL): void
  /** The callback URL the provider would redirect to for the last authorization request. */
  callbackUrl(): string
  /** Claims that pass every check, with this `nonce`. */
  goodClaims(nonce?: string, extra?: Record<string, unknown>): Record<string, unknown>
  /** Signs an ID token with the provider's key (or as {@link IdTokenOptions} says). */
  idToken(claims: Record<string, unknown>, options?: IdTokenOptions): Promise<string>
  /** Signs any JWT with the provider's keys (see `signJwt`). */
  sign(header: Record<string, unknown>, claims: unknown): Promise<string>
  /** The JWKS it serves at `jwks_uri`. */
  jwks(): Promise<{ keys: JsonWebKey[] }>
  /** New keys with new `kid`s; the old ones leave the JWKS. */
  rotateKeys(): Promise<void>
}

/** Creates a {@link FakeProvider}. Synchronous: keys are made (or shared) on first use. */
export function createFakeProvider(options: FakeProviderOptions = {}): FakeProvider {
  const issuer = options.issuer ?? ISSUER
  const clientId = options.clientId ?? CLIENT_ID
  const alg = options.alg ?? 'RS256'
  let keys: Promise<SigningKey[]> | undefined
  const currentKeys = () => (keys ??= sharedSigningKeys())
  let issued = 0
  const tokenBodies: URLSearchParams[] = []
  const pushed = new Map<string, URLSearchParams>()
  let organization: string | undefined

  // The parameters of the last authorization request: from its URL, or the pushed ones.
  const authorizeParams = () => {
    const query = op.lastAuthorize?.searchParams
    const requestUri = query?.get('request_uri')
    return (requestUri && pushed.get(requestUri)) || query
  }

  const tokenEndpoint = async (body: URLSearchParams) => {
    tokenBodies.push(body)
    if (op.tokenResponse) return op.tokenResponse()
    issued++
    const login = body.get('grant_type') === 'authorization_code' ? authorizeParams() : undefined
    const nonce = login?.get('nonce') ?? undefined
    // Like Auth0: the organization logged in to is named in every ID token of the grant.
    if (login) organization = login.get('organization') ?? undefined
    const org = organization?.startsWith('org_')
      ? { org_id: organization }
      : organization && { org_name: organization.toLowerCase() }
    const claims = { ...op.goodClaims(nonce, { name: 'Alice', ...org }), ...op.claims }
    return json({
      access_token: `at-${issued}`,
      token_type: 'Bearer',
      expires_in: op.ttl,
      ...(op.refreshTokens && { refresh_token: `rt-${issued}` }),
      id_token: await op.idToken(claims, op.idTokenOptions),
    })
  }

  const route = async (url: URL, method: string, body: string): Promise<Response> => {
    if (url.origin !== new URL(issuer).origin) return json({ error: 'not_found' }, 404)
    switch (url.pathname) {
      case '/.well-known/openid-configuration':
        return json(op.metadata)
      case '/jwks':
        return json(await op.jwks())
      case '/token':
        return tokenEndpoint(new URLSearchParams(body))
      case '/par': {
        const requestUri = `urn:ietf:params:oauth:request_uri:${pushed.size + 1}`
        pushed.set(requestUri, new URLSearchParams(body))
        return json({ request_uri: requestUri, expires_in: 60 }, 201)
      }
      case '/revoke':
        return new Response(null, { status: 200 })
      case '/userinfo':
        // The ID token's subject (and name), as a UserInfo endpoint answers (OIDC Core 5.3.2).
        return json({
          sub: 'alice',
          name: 'Alice',
          ...(typeof op.claims.sub === 'string' && { sub: op.claims.sub }),
        })
    }
    return json({ error: 'not_found', method }, 404)
  }

  const op: FakeProvider = {
    issuer,
    clientId,
    metadata: {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      revocation_endpoint: `${issuer}/revoke`,
      userinfo_endpoint: `${issuer}/userinfo`,
      end_session_endpoint: `${issuer}/logout`,
      jwks_uri: `${issuer}/jwks`,
      pushed_authorization_request_endpoint: `${issuer}/par`,
      authorization_response_iss_parameter_supported: true,
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      code_challenge_methods_supported: ['S256'],
      ...options.metadata,
    },
    calls: [],
    requests: [],
    ttl: 3600,
    refreshTokens: true,
    claims: {},
    idTokenOptions: {},
    handler: options.handler,
    tokenCalls: () => tokenBodies,
    pushedRequests: () => [...pushed.values()],
    authorize(url) {
      const target = new URL(String(url))
      if (target.pathname === '/authorize') op.lastAuthorize = target
    },
    callbackUrl() {
      const params = authorizeParams()
      if (!params) throw new Error('fake provider: no authorization request yet')
      const url = new URL(params.get('redirect_uri')!)
      url.searchParams.set('code', `code-${issued}`)
      url.searchParams.set('state', params.get('state')!)
      url.searchParams.set('iss', issuer)
      return url.href
    },
    goodClaims(nonce, extra = {}) {
      const now = Math.floor(Date.now() / 1000)
      return {
        iss: issuer,
        aud: clientId,
        sub: 'alice',
        iat: now,
        exp: now + 300,
        ...(nonce && { nonce }),
        ...extra,
      }
    },
    async idToken(claims, { alg: tokenAlg = alg, kid, badSignature } = {}) {
      const header = { alg: tokenAlg, typ: 'JWT', ...(kid !== undefined && { kid: kid ?? undefined }) }
      const jwt = await op.sign(header, claims)
      return badSignature ? breakSignature(jwt) : jwt
    },
    async sign(header, claims) {
      return signJwt(header, claims, await currentKeys())
    },
    async jwks() {
      return { keys: (await currentKeys()).map((key) => key.publicJwk) }
    },
    async rotateKeys() {
      keys = Promise.all([generateSigningKey('RS256'), generateSigningKey('ES256')])
      await keys
    },
    fetch: (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      const method = init.method ?? 'GET'
      const body = String(init.body ?? '')
      op.calls.push(`${method} ${url.pathname}`)
      op.requests.push({ method, url: url.href, body })
      return (await op.handler?.(url, init)) ?? route(url, method, body)
    }) as typeof fetch,
  }
  return op
}
