import type * as oauth from 'oauth4webapi'
import { AUTH_DISCOVERY_FAILED, AuthError } from './errors.ts'
import { isLoopback, parseUrl } from './url.ts'

// Every URL in the metadata that Lanyard navigates to or sends a request to.
const URL_FIELDS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'revocation_endpoint',
  'end_session_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
  'pushed_authorization_request_endpoint',
] as const

/**
 * Metadata is untrusted input: every URL Lanyard would use must be `https:` (plain `http:` only on
 * a loopback host, and only when the issuer is on loopback too), or a `javascript:` endpoint would
 * run in the app. Throws `AUTH_DISCOVERY_FAILED` naming the first bad field.
 */
export function checkMetadata(as: oauth.AuthorizationServer): oauth.AuthorizationServer {
  const issuer = parseUrl(as?.issuer)
  for (const field of URL_FIELDS) {
    const value = as?.[field]
    if (field !== 'issuer' && value === undefined) continue
    const url = parseUrl(value)
    const secure =
      url?.protocol === 'https:' ||
      (url?.protocol === 'http:' && isLoopback(url) && issuer !== undefined && isLoopback(issuer))
    if (typeof value !== 'string' || !secure) {
      throw new AuthError(AUTH_DISCOVERY_FAILED, `discovery: ${field} is not an https URL`)
    }
  }
  return as
}
