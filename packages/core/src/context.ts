import * as oauth from 'oauth4webapi'
import { requestOptions, type HttpOptions } from './http.ts'
import { checkMetadata } from './metadata.ts'

/** Validated provider metadata: the result of {@link discover}. */
export type AuthorizationServer = oauth.AuthorizationServer

/**
 * The provider's JSON Web Key Set as oauth4webapi caches it: `{}` to start, then `{ jwks, uat }`
 * (`uat`: epoch seconds of the download). Plain JSON: persist it, and pass it back in.
 */
export type JwksCache = oauth.JWKSCacheInput

/** Everything a protocol call needs: provider metadata, the client, and HTTP options. */
export interface ClientContext {
  readonly as: AuthorizationServer
  readonly client: oauth.Client
  readonly http: HttpOptions
  /** oauth4webapi request options for this issuer (timeout, fetch, loopback http). */
  readonly request: ReturnType<typeof requestOptions>
  /**
   * The JWKS used to verify ID token signatures; updated in place when the keys are (re)fetched.
   * Persist it when its `uat` changed (e.g. sealed in IndexedDB with the metadata).
   */
  readonly jwksCache: JwksCache
}

/** Options for {@link createContext}. */
export interface ContextOptions extends HttpOptions {
  clientId: string
  /** Seconds to add to the local clock when checking JWT times (positive: local clock is behind). */
  clockSkew?: number
  /** Leeway in seconds for `exp`/`iat`/`auth_time` checks. Default 120, to survive skewed laptops. */
  clockTolerance?: number
  /**
   * A JWKS cached earlier (see {@link ClientContext.jwksCache}); this object itself is updated in
   * place. oauth4webapi uses a cached set for up to 5 minutes and refetches once for an unknown
   * `kid` when the set is at least a minute old.
   */
  jwksCache?: JwksCache
}

/**
 * Binds provider metadata and a public client (no secret: a browser cannot keep one). Throws
 * `AUTH_DISCOVERY_FAILED` when the metadata has an endpoint that is not https.
 */
export function createContext(as: AuthorizationServer, options: ContextOptions): ClientContext {
  const { clientId, clockSkew = 0, clockTolerance = 120, jwksCache = {}, ...http } = options
  checkMetadata(as)
  const client: oauth.Client = {
    client_id: clientId,
    [oauth.clockSkew]: clockSkew,
    [oauth.clockTolerance]: clockTolerance,
  }
  return { as, client, http, request: requestOptions(new URL(as.issuer), http), jwksCache }
}
