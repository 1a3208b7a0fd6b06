import * as oauth from 'oauth4webapi'

/** The public-client authentication: `client_id` in the body, nothing else. */
export const clientAuth: oauth.ClientAuth = oauth.None()
