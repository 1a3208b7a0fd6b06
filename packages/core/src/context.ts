import * as oauth from 'oauth4webapi'
import { requestOptions, type HttpOptions } from './http.ts'

/** Validated provider metadata: the result of {@link discover}. */
export type AuthorizationServer = oauth.AuthorizationServer

/** Everything a protocol call needs: provider metadata, the client, and HTTP options. */
export interface ClientContext {
  readonly as: AuthorizationServer
  readonly client: oauth.Client
  readonly http: HttpOptions
  /** oauth4webapi request options for this issuer (timeout, fetch, loopback http). */
  readonly request: ReturnType<typeof requestOptions>
}

/** Options for {@link createContext}. */
export interface ContextOptions extends HttpOptions {
  clientId: string
  /** Seconds to add to the local clock when checking JWT times (positive: local clock is behind). */
  clockSkew?: number
  /** Leeway in seconds for `exp`/`iat`/`auth_time` checks. Default 120, to survive skewed laptops. */
  clockTolerance?: number
}

/** Binds provider metadata and a public client (no secret: a browser cannot keep one). */
export function createContext(as: AuthorizationServer, options: ContextOptions): ClientContext {
  const { clientId, clockSkew = 0, clockTolerance = 120, ...http } = options
  const client: oauth.Client = {
    client_id: clientId,
    [oauth.clockSkew]: clockSkew,
    [oauth.clockTolerance]: clockTolerance,
  }
  return { as, client, http, request: requestOptions(new URL(as.issuer), http) }
}

/** The public-client authentication: `client_id` in the body, nothing else. */
export const clientAuth: oauth.ClientAuth = oauth.None()
