// oidc-client-ts's silent_redirect_uri page: hands the iframe's authorization response to the parent.
import { UserManager } from 'oidc-client-ts'
import { config } from './harness.ts'

const { issuer, clientId } = config()
void new UserManager({
  authority: issuer,
  client_id: clientId,
  redirect_uri: `${location.origin}/oidc.html`,
}).signinSilentCallback()
