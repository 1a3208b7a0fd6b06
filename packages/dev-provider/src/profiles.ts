import type { DevProviderOptions, ProfileName, ProfileOptions } from './types.ts'

/**
 * Providers unlike the default one, for testing a client against the quirks real providers have
 * (`startDevProvider({ profile: 'par-required' })`, `lanyard-dev-provider --profile par-required`).
 */
export const DEV_PROVIDER_PROFILES: Readonly<Record<ProfileName, Readonly<ProfileOptions>>> = {
  /** Issuer with a path and no trailing slash (`http://localhost:PORT/oidc`), as Keycloak and Okta have. */
  'path-issuer': { issuerPath: '/oidc' },
  /** Issuer with a trailing slash (as Auth0's) and no RFC 9207 `iss` in authorization responses. */
  'trailing-slash-no-iss': { issuerTrailingSlash: true, issParameter: false },
  /**
   * RFC 8707 as stock oidc-provider has it: access tokens for a `resource` are JWTs (RFC 9068) whose
   * `aud` is that resource, issued only to token requests that name it (code exchange, refresh).
   */
  'resource-jwt': { jwtAccessTokens: true, strictResourceIndicators: true },
  /** Every access token is DPoP-bound (RFC 9449); Bearer is refused. */
  'dpop-required': { requireDpop: true },
  /** No refresh tokens: a session lasts as long as its access token. */
  'no-refresh-tokens': { refreshTokens: false },
  /** Authorization requests must be pushed first (RFC 9126 PAR). */
  'par-required': { requirePar: true },
  /** Refresh tokens are not rotated: the same one is good until it expires. */
  'no-rotation': { rotateRefreshTokens: false },
}

/** The names of {@link DEV_PROVIDER_PROFILES}. */
export const PROFILE_NAMES = Object.keys(DEV_PROVIDER_PROFILES) as ProfileName[]

/** `options` over its profile's preset; throws a `TypeError` for an unknown profile or a bad `issuerPath`. */
export function resolveProfile(options: DevProviderOptions): DevProviderOptions {
  const { profile } = options
  if (profile !== undefined && !Object.hasOwn(DEV_PROVIDER_PROFILES, profile))
    throw new TypeError(`unknown profile ${String(profile)}; one of ${PROFILE_NAMES.join(', ')}`)
  const resolved = { ...(profile ? DEV_PROVIDER_PROFILES[profile] : {}), ...withoutUndefined(options) }
  const path = resolved.issuerPath
  if (path !== undefined && path !== '' && !/^(\/[\w.~-]+)+$/.test(path))
    throw new TypeError(`issuerPath must look like /oidc (segments, no trailing slash), got ${path}`)
  return resolved
}

// `{ rotateRefreshTokens: undefined }` must not cancel the profile's value.
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>
}
