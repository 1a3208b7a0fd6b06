import type { ProviderLink } from './provider-link.ts'
import { allowedResource, type ProtectedResource } from './resource-policy.ts'
import type { TokenSource } from './token-source.ts'

/**
 * Creates `auth.fetch`: the request with the access token (Bearer, or DPoP with a proof) of the
 * `resources` entry that allows its URL (deny by default: else `AUTH_RESOURCE_NOT_ALLOWED`, and
 * nothing is sent); after a 401 `invalid_token`, one refresh and one retry.
 */
export function createAuthorizedFetch(
  tokens: TokenSource,
  provider: ProviderLink,
  resources: ProtectedResource[] | undefined,
) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const { audience, resource, scope } = allowedResource(resources, new URL(request.url))
    const send = async (cacheMode: 'on' | 'off') => {
      const attempt = request.clone()
      const record = await tokens.token({ cacheMode, audience, resource, scope })
      if (record.token_type === 'dpop') {
        return provider.dpop!.request(record.access_token, attempt, (await provider.proof())!)
      }
      attempt.headers.set('Authorization', `Bearer ${record.access_token}`)
      return fetch(attempt)
    }
    const response = await send('on')
    // One refresh and one retry when the resource says the token is no good.
    if (response.status === 401 && /invalid_token/.test(response.headers.get('WWW-Authenticate') ?? '')) {
      return send('off')
    }
    return response
  }
}
