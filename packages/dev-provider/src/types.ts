/** A public SPA client registered with the dev provider. */
export interface DevClient {
  clientId: string
  /** Exact redirect URIs, port included. */
  redirectUris: readonly string[]
  /** Where RP-initiated logout may return to; default: none. */
  postLogoutRedirectUris?: readonly string[]
  /** Origins allowed to call the token, userinfo, revocation and test endpoints (CORS); default: the origins of `redirectUris`. */
  origins?: readonly string[]
  /** Refuse Bearer: every access token must be DPoP-bound. */
  dpopBoundAccessTokens?: boolean
}

/** DPoP settings of {@link DevProviderOptions}; all optional. */
export interface DpopOptions {
  /** The token endpoint demands a server nonce in proofs (`use_dpop_nonce` first); default false. */
  requireNonce?: boolean
  /** `/api/me` demands a server nonce in proofs (`use_dpop_nonce` first); default false. */
  resourceNonce?: boolean
  /** Seconds a proof's `iat` may be off the server's clock at `/api/me`, either way; default 60. */
  iatWindow?: number
}

/** Options of {@link startDevProvider}; all optional. */
export interface DevProviderOptions extends ProfileOptions {
  /** Start from a named preset ({@link DEV_PROVIDER_PROFILES}); options given here override it. */
  profile?: ProfileName
  /** TCP port on localhost; 0 picks a free one. Default 9000. */
  port?: number
  /**
   * Extra `Host` header values to serve (e.g. `myapp.test:9000`). `localhost:PORT` is always
   * allowed; any other host is refused with 421, so a DNS-rebound page cannot reach the server.
   */
  allowedHosts?: readonly string[]
  /** Registered clients; default `[DEFAULT_CLIENT]`. */
  clients?: readonly DevClient[]
  /** Access token lifetime in seconds; default 3600. */
  accessTokenTtl?: number
  /** Refresh token lifetime in seconds; default 14 days. A rotated token keeps the remaining lifetime. */
  refreshTokenTtl?: number
  /** Skip the consent page (default true). */
  autoConsent?: boolean
  /** DPoP is always enabled, and optional unless a client has `dpopBoundAccessTokens` (or `requireDpop`). */
  dpop?: DpopOptions
  /** Serve Auth0's paths: `/authorize`, `/oauth/token`, `/v2/logout`, `/oauth/revoke`, `/userinfo`. */
  auth0Paths?: boolean
  /** Print nothing (oidc-provider notices and server errors included). */
  quiet?: boolean
  /** Called when a request completes (the CLI prints these). */
  onRequest?: (entry: RequestLogEntry) => void
}

/** The named presets of {@link DEV_PROVIDER_PROFILES}: providers that are unlike the default one. */
export type ProfileName =
  | 'path-issuer'
  | 'trailing-slash-no-iss'
  | 'resource-jwt'
  | 'dpop-required'
  | 'no-refresh-tokens'
  | 'par-required'
  | 'no-rotation'

/** How the provider differs from a plain oidc-provider; what the profiles set. All optional. */
export interface ProfileOptions {
  /** Serve everything under this path: issuer `http://localhost:PORT/oidc` for `'/oidc'`. Default: none. */
  issuerPath?: string
  /** The issuer ends with `/` (`http://localhost:PORT/`, or `…/oidc/` with `issuerPath`). Default false. */
  issuerTrailingSlash?: boolean
  /** RFC 9207: `iss` in authorization responses, advertised in discovery. Default true. */
  issParameter?: boolean
  /** Access tokens for a resource (RFC 8707 `resource`, or `audience`) are JWTs (RFC 9068). Default false: opaque. */
  jwtAccessTokens?: boolean
  /**
   * RFC 8707 as stock oidc-provider has it: the code exchange and refreshes get the resource's token
   * only when they name the resource again (`resource`). Default false: the resource (or Auth0
   * `audience`) granted at the authorization request carries over, as Auth0 does.
   */
  strictResourceIndicators?: boolean
  /** Every client's access tokens must be DPoP-bound (Bearer refused). Default false. */
  requireDpop?: boolean
  /** Issue refresh tokens with the code exchange. Default true. */
  refreshTokens?: boolean
  /** Rotate refresh tokens on every use, DPoP-bound ones included. Default true. */
  rotateRefreshTokens?: boolean
  /** RFC 9126: authorization requests must be pushed first (`require_pushed_authorization_requests`). Default false. */
  requirePar?: boolean
}

/** One request the server received, as kept in the request log. */
export interface RequestLogEntry {
  method: string
  /** Path without the query string. */
  path: string
  /** Response status; 0 while pending or when no response was sent (aborted, hung). */
  status: number
  /** Arrival time, epoch milliseconds. */
  time: number
  /** Milliseconds until the response finished; null while pending. */
  duration: number | null
  /** The request's `Origin` header, if any. */
  origin: string | null
}

/** How the token endpoint misbehaves (test-only). */
export type TokenFault = 'http500' | 'hang' | 'malformed-json'

/**
 * How the ID token of a token response (code exchange or refresh) is altered (test-only): it stays
 * correctly signed by the provider's key, with one claim changed.
 */
export type IdTokenFault = 'wrong-nonce' | 'wrong-aud' | 'wrong-iss' | 'expired' | 'wrong-sub'

/** How the authorization response (the redirect to the client) is altered (test-only). */
export type CallbackIssFault = 'foreign'

/** Test-only fault switches; `null` or absent = behave normally. */
export interface Faults {
  /** The token endpoint's POSTs answer broken: 500, never, or truncated JSON. */
  token?: TokenFault | null
  /** Token responses carry a re-signed ID token with one claim altered (see {@link IdTokenFault}). */
  idToken?: IdTokenFault | null
  /** Authorization responses carry `iss` = {@link FOREIGN_ISSUER} (mix-up, RFC 9207). */
  callbackIss?: CallbackIssFault | null
  /**
   * Each switch set in the same call fires for this many matching requests, then turns itself off
   * (a positive integer). Absent or `null`: until changed.
   */
  times?: number | null
}

/** What `GET /__lanyard/faults` and `provider.faults` report: the switches still on. */
export interface FaultState {
  token?: TokenFault
  idToken?: IdTokenFault
  callbackIss?: CallbackIssFault
  /** For switches set with `times`: how many more matching requests each one fires for. */
  remaining?: { token?: number; idToken?: number; callbackIss?: number }
}

/** A running dev provider. */
export interface DevProvider {
  /** `http://localhost:PORT` plus the profile's path and trailing slash, if any. */
  readonly issuer: string
  /** `http://localhost:PORT`. */
  readonly origin: string
  /** Where `/api/me` and the test routes live: the issuer without a trailing slash. */
  readonly baseUrl: string
  readonly port: number
  readonly clients: readonly DevClient[]
  /** Snapshot of the request log (requests under `/__lanyard/` are not logged). */
  readonly requests: readonly RequestLogEntry[]
  clearRequests(): void
  /** Replace the fault switches (test-only); throws a `TypeError` on unknown switches or values. */
  setFaults(faults: Faults): void
  /** The switches still on (test-only). */
  readonly faults: FaultState
  /** Stop listening and drop open connections. */
  close(): Promise<void>
}

/** The parts of the provider's discovery document (OpenID Connect Discovery, RFC 8414) tests use. */
export interface DiscoveryDocument {
  issuer: string
  authorization_endpoint: string
  token_endpoint: string
  jwks_uri: string
  userinfo_endpoint?: string
  revocation_endpoint?: string
  end_session_endpoint?: string
  pushed_authorization_request_endpoint?: string
  [member: string]: unknown
}
