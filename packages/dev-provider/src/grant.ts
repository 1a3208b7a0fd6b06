import type { Grant, KoaContextWithOIDC } from 'oidc-provider'

/**
 * `loadExistingGrant` that consents on the user's behalf: the session's grant (or a new one) is
 * extended with whatever this request asks for, so the consent prompt never has anything to ask.
 */
export async function autoConsentGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx
  const client = oidc.client
  const accountId = oidc.session?.accountId
  if (!client || !accountId) return undefined

  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId)
  // A revoked grant (logout, refresh token reuse) is gone from storage: start a new one.
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined
  const grant = existing ?? new oidc.provider.Grant({ accountId, clientId: client.clientId })

  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '))
  grant.addOIDCClaims([...oidc.requestParamClaims])
  for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
    const scope = [...oidc.requestParamScopes].filter((s) => server.scopes.has(s))
    if (scope.length > 0) grant.addResourceScope(indicator, scope.join(' '))
  }
  await grant.save()
  return grant
}
