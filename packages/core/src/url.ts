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

/**
 * True when a discovery document's `issuer` is the configured one: the same URL (see
 * {@link sameIssuer}), or Entra ID's multi-tenant template: the document of `…/common/v2.0` (or
 * `organizations`) names `…/{tenantid}/v2.0`, and each ID token its user's tenant.
 */
export function issuerMatches(documentIssuer: string, configured: string): boolean {
  if (sameIssuer(documentIssuer, configured)) return true
  const [before, after, ...more] = documentIssuer.split('{tenantid}')
  if (before === undefined || after === undefined || more.length > 0) return false
  const tenant = configured.slice(before.length, configured.length - after.length)
  return configured === before + tenant + after && /^[\w.-]+$/.test(tenant)
}

/**
 * True when two issuer identifiers are the same URL: `https://tenant.auth0.com` and
 * `https://tenant.auth0.com/` are (a host's root path is `/`), paths are compared as written.
 */
export function sameIssuer(one: string, other: string): boolean {
  return one === other || (parseUrl(one)?.href ?? one) === (parseUrl(other)?.href ?? other)
}
