import type { IncomingMessage } from 'node:http'

/**
 * Strip the issuer's path (`/oidc`) from a request URL, the way Express does for a mounted app:
 * `req.url` becomes the rest (`/auth?…`) and `req.originalUrl` keeps the whole, which is how
 * oidc-provider finds its mount path when it builds URLs. Returns false for a URL outside the path.
 */
export function enterBasePath(req: IncomingMessage & { originalUrl?: string }, basePath: string): boolean {
  if (basePath === '') return true
  const url = req.url ?? '/'
  const rest = url.slice(basePath.length)
  if (!url.startsWith(basePath) || !(rest === '' || rest.startsWith('/') || rest.startsWith('?')))
    return false
  req.originalUrl = url
  req.url = rest.startsWith('/') ? rest : `/${rest}`
  return true
}
