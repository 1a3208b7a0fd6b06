import { jwtPayload } from './jwt-payload.ts'

/**
 * True when the access token shows it is NOT for any of `expected` (an Auth0 `audience` or an
 * RFC 8707 `resource`): a JWT whose `aud` claim names none of them. An opaque token, or a JWT
 * without `aud`, tells nothing and is accepted (false). Not a validation (the signature is the
 * API's business): only a guard against caching a token under another API's key.
 */
export function isAccessTokenForAnotherAudience(
  accessToken: string,
  expected: string | readonly string[],
): boolean {
  const aud = jwtPayload(accessToken)?.aud
  if (typeof aud !== 'string' && !Array.isArray(aud)) return false
  const wanted = [expected].flat()
  return ![aud].flat().some((value) => wanted.includes(value as string))
}
