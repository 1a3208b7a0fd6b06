import type { Configuration, KoaContextWithOIDC, ResourceServer } from 'oidc-provider'

type ResourceIndicators = NonNullable<NonNullable<Configuration['features']>['resourceIndicators']>

/** The scope being requested or exchanged: the request's, else the code's or refresh token's. */
function currentScope(ctx: KoaContextWithOIDC): string {
  const { params, entities } = ctx.oidc
  const requested = typeof params?.['scope'] === 'string' ? params['scope'] : undefined
  return requested ?? entities.AuthorizationCode?.scope ?? entities.RefreshToken?.scope ?? ''
}

/**
 * Auth0's `audience` as an RFC 8707 resource indicator: an authorization request with `audience`
 * (or `resource`) gets access tokens for that audience, opaque or JWT, carrying the requested scopes.
 * Without one, access tokens are the default userinfo tokens. Any absolute URI is a valid audience.
 */
export function resourceIndicators(accessTokenTtl: number, jwt: boolean, strict = false): ResourceIndicators {
  return {
    enabled: true,
    defaultResource(ctx, _client, oneOf) {
      if (oneOf) return oneOf
      const audience = ctx.oidc.params?.['audience']
      // Auth0 also allows audiences that are not URIs; a resource indicator must be one, so those are ignored.
      return typeof audience === 'string' && URL.canParse(audience) ? audience : undefined
    },
    // The audience chosen at the authorization request also applies to the code exchange and
    // refreshes (Auth0), unless strict: then only a token request that names it again gets its token.
    useGrantedResource: () => !strict,
    getResourceServerInfo(ctx, resourceIndicator): ResourceServer {
      return {
        audience: resourceIndicator,
        scope: currentScope(ctx),
        // RFC 9068 JWTs signed with the ID token key (RS256), or opaque handles.
        accessTokenFormat: jwt ? 'jwt' : 'opaque',
        accessTokenTTL: accessTokenTtl,
      }
    },
  }
}
