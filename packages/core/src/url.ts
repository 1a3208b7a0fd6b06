import { AUTH_CONFIG_INVALID, AuthError } from './errors.ts'

/**
 * Parses an absolute URL, or returns `undefined`. Not `URL.canParse`: Safari before 17 lacks it,
 * and this runs at an app's module scope.
 */
export function parseUrl(value: unknown): URL | undefined {
  try {
    return new URL(value as string)
  } catch {
    return undefined
  }
}

/** True for URLs on the loopback interface, where plain HTTP is acceptable (dev providers). */
export function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
}

/** True for `https:` URLs, and for `http:` on a loopback host. */
export function isSecureUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))
}

/**
 * The one issuer rule: an absolute `https:` URL (plain `http:` only on a loopback host) without
 * query or fragment. Returns it parsed, or throws `AUTH_CONFIG_INVALID`.
 */
export function parseIssuer(issuer: unknown): URL {
  const url = parseUrl(issuer)
  if (!url || !isSecureUrl(url) || url.search || url.hash) {
    throw new AuthError(
      AUTH_CONFIG_INVALID,
      `issuer: ${String(issuer)} is not https (or http on localhost) without query and fragment`,
    )
  }
  return url
}
