/**
 * The parsed payload of a compact JWS (any JSON value: the caller reads one member, which a
 * non-object simply lacks), or undefined for anything else (an opaque token, a JWE).
 */
function jwtPayload(token: string): { aud?: unknown } | null | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const binary = atob(parts[1]!.replace(/-/g, '+').replace(/_/g, '/'))
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0))
    return JSON.parse(new TextDecoder().decode(bytes)) as { aud?: unknown } | null
  } catch {
    return undefined
  }
}

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
