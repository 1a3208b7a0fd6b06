/** oidc-provider's endpoint paths, default or Auth0-style. */
export interface Routes {
  authorization: string
  token: string
  end_session: string
  revocation: string
  userinfo: string
}

const DEFAULT_ROUTES: Routes = {
  authorization: '/auth',
  token: '/token',
  end_session: '/session/end',
  revocation: '/token/revocation',
  userinfo: '/me',
}

// The paths an Auth0 SDK builds itself instead of reading discovery.
const AUTH0_ROUTES: Routes = {
  authorization: '/authorize',
  token: '/oauth/token',
  end_session: '/v2/logout',
  revocation: '/oauth/revoke',
  userinfo: '/userinfo',
}

/** The endpoint paths to serve. */
export function routesFor(auth0Paths: boolean): Routes {
  return auth0Paths ? AUTH0_ROUTES : DEFAULT_ROUTES
}
