import type { KoaContextWithOIDC } from 'oidc-provider'

type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => Promise<void>

const DISCOVERY_PATH = '/.well-known/openid-configuration'

/** An authorization response Location without its `iss` (query or fragment), or undefined when it has none. */
export function withoutIss(location: string, issuer: string): string | undefined {
  let url: URL
  try {
    url = new URL(location)
  } catch {
    return undefined
  }
  if (url.searchParams.get('iss') === issuer) {
    url.searchParams.delete('iss')
    return url.href
  }
  const fragment = new URLSearchParams(url.hash.slice(1))
  if (fragment.get('iss') !== issuer) return undefined
  fragment.delete('iss')
  url.hash = fragment.toString()
  return url.href
}

/**
 * oidc-provider middleware (`provider.use`) for a provider without RFC 9207, as many still are:
 * discovery no longer advertises `authorization_response_iss_parameter_supported`, and redirects
 * to the client carry no `iss`. oidc-provider 9 has no switch for either.
 */
export function withoutIssParameter(issuer: string): Middleware {
  return async (ctx, next) => {
    await next()
    if (ctx.method === 'GET' && ctx.path === DISCOVERY_PATH && ctx.status === 200) {
      const { authorization_response_iss_parameter_supported: _dropped, ...rest } = ctx.body as Record<
        string,
        unknown
      >
      ctx.body = rest
      return
    }
    const location = ctx.status >= 300 && ctx.status < 400 ? ctx.response.get('location') : ''
    const rewritten = location ? withoutIss(location, issuer) : undefined
    if (rewritten) ctx.redirect(rewritten)
  }
}
