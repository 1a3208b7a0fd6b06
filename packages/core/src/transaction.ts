/** What must survive the trip to the provider and back: kept by the caller, keyed by `state`. */
export interface Transaction {
  readonly state: string
  readonly nonce: string
  readonly codeVerifier: string
  readonly redirectUri: string
  /** Normalized scope requested (part of the token cache key). */
  readonly scope: string
  /** Auth0 API identifier requested, if any (part of the token cache key). */
  readonly audience?: string | undefined
  /** RFC 8707 resource indicators requested, if any. */
  readonly resource?: readonly string[] | undefined
  /** Auth0 `organization` requested: the ID token's `org_id` / `org_name` must then match it. */
  readonly organization?: string | undefined
  /** `max_age` requested: the ID token's `auth_time` is then checked against it. */
  readonly maxAge?: number | undefined
  /** Whatever the app wants back after the callback (e.g. `{ returnTo }`). Must be structured-cloneable. */
  readonly appState?: unknown
  readonly mode: 'redirect' | 'popup'
  /** RFC 9449 key thumbprint the code was bound to, when DPoP is on. */
  readonly dpopJkt?: string | undefined
  /** Epoch milliseconds, for sweeping stale transactions. */
  readonly createdAt: number
}
