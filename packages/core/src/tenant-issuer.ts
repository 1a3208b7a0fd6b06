import type { AuthorizationServer } from './context.ts'
import { jwtPayload } from './jwt-payload.ts'

/**
 * The metadata to check a token response's ID token against. Entra ID multi-tenant (`…/common/v2.0`,
 * `organizations`): the document's issuer is `…/{tenantid}/v2.0`, and each ID token's
 * `iss` is that with its user's tenant, the token's own `tid` (signed with it). Any other provider:
 * `as` itself.
 */
export async function issuerForResponse(
  as: AuthorizationServer,
  response: Response,
): Promise<AuthorizationServer> {
  if (!as.issuer.includes('{tenantid}')) return as
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { id_token?: unknown } | undefined
  const tid = typeof body?.id_token === 'string' ? jwtPayload(body.id_token)?.['tid'] : undefined
  // Not a tenant id: the template stays, and no `iss` equals it.
  if (typeof tid !== 'string' || !/^[\w-]+$/.test(tid)) return as
  return { ...as, issuer: as.issuer.replace('{tenantid}', tid) }
}
