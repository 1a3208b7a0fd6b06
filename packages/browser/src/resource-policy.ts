import { AUTH_RESOURCE_NOT_ALLOWED, AuthError, isSecureUrl } from '@lanyard/core'

/** Where `auth.fetch` may send a token, and which token: see `AuthClientOptions.resources`. */
export interface ProtectedResource {
  /** Origin plus path prefix, e.g. `https://api.example.com/v1`; https (http only on loopback). */
  url: string
  /** Auth0 API identifier of this API's token (sent as `audience`). */
  audience?: string
  /** RFC 8707 resource indicator of this API's token (sent as `resource`). */
  resource?: string
  /** Extra scope this API's token needs. */
  scope?: string
}

/** True when `url` may receive a token: https, or http on a loopback host. */
export const isSecureTarget = (url: URL): boolean => isSecureUrl(url)

// Path prefix at a segment boundary: '/api' allows '/api' and '/api/x', not '/apix'.
const pathAllows = (prefix: string, path: string) =>
  prefix === '' ||
  prefix === '/' ||
  path === prefix ||
  path.startsWith(prefix.endsWith('/') ? prefix : prefix + '/')

/**
 * The entry that allows `target` (the longest matching path wins), or, without `resources`, the
 * app's own origin. Throws `AUTH_RESOURCE_NOT_ALLOWED` when nothing does: nothing is sent then.
 */
export function allowedResource(resources: ProtectedResource[] | undefined, target: URL): ProtectedResource {
  const entries = resources ?? [{ url: location.origin }]
  let best: { entry: ProtectedResource; length: number } | undefined
  for (const entry of entries) {
    const allowed = new URL(entry.url)
    if (allowed.origin !== target.origin || !pathAllows(allowed.pathname, target.pathname)) continue
    if (!best || allowed.pathname.length > best.length) best = { entry, length: allowed.pathname.length }
  }
  if (!best || (resources && !isSecureTarget(target))) {
    throw new AuthError(AUTH_RESOURCE_NOT_ALLOWED, `auth.fetch: ${target.origin} is not in resources`)
  }
  return best.entry
}
