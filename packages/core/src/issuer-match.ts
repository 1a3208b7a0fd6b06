import { parseUrl } from './url.ts'

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
