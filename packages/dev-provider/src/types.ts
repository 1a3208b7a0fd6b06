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
export interface DevProviderOptions {
  /** TCP port on localhost; 0 picks a free one. Default 9000. */
  port?: number
  /** Registered clients; default `[DEFAULT_CLIENT]`. */
  clients?: readonly DevClient[]
  /** Access token lifetime in seconds; default 3600. */
  accessTokenTtl?: number
  /** Refresh token lifetime in seconds; default 14 days. A rotated token keeps the remaining lifetime. */
  refreshTokenTtl?: number
  /** Skip the consent page (default true). */
  autoConsent?: boolean
  /** Rotate refresh tokens on every use, DPoP-bound ones included (default true). */
  rotateRefreshTokens?: boolean
  /** DPoP is always enabled, and optional unless a client has `dpopBoundAccessTokens`. */
  dpop?: DpopOptions
  /** Serve Auth0's paths: `/authorize`, `/oauth/token`, `/v2/logout`, `/oauth/revoke`, `/userinfo`. */
  auth0Paths?: boolean
  /** Print nothing (oidc-provider notices and server errors included). */
  quiet?: boolean
  /** Called when a request completes (the CLI prints these). */
  onRequest?: (entry: RequestLogEntry) => void
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
  /** `http://localhost:PORT`, no trailing slash. */
  readonly issuer: string
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
