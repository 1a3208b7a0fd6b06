/**
 * The parsed payload of a compact JWS (any JSON value: the caller reads one member, which a
 * non-object simply lacks), or undefined for anything else (an opaque token, a JWE).
 */
export function jwtPayload(token: string): Record<string, unknown> | null | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const binary = atob(parts[1]!.replace(/-/g, '+').replace(/_/g, '/'))
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0))
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown> | null
  } catch {
    return undefined
  }
}
