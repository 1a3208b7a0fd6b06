// A login against a fake provider whose token response carries an ID token with the claims a test
// chooses: the code exchange's promise, to assert on.
// eslint-disable-next-line no-restricted-imports
import { ISSUER, json, type FakeProvider } from '@lanyard/test-utils'
import { createAuthorizationRequest } from '../authorize.ts'
import { validateCallback } from '../callback.ts'
import type { AuthorizationServer, ContextOptions } from '../context.ts'
import { exchangeCode, type TokenSet } from '../tokens.ts'
import { context } from './context.ts'

/**
 * Signs in against `op` (its metadata, its keys unless `options` says otherwise): the ID token has
 * `claims(nonce)`; the callback carries `iss` when `op` advertises it.
 */
export async function exchangeWithIdToken(
  op: FakeProvider,
  claims: (nonce: string) => Record<string, unknown>,
  options: Partial<ContextOptions> & { cachedJwks?: boolean } = {},
): Promise<TokenSet> {
  let nonce = ''
  const { ctx } = await context(
    async () =>
      json({
        access_token: 'at',
        token_type: 'Bearer',
        expires_in: 60,
        id_token: await op.idToken(claims(nonce)),
      }),
    op.metadata as unknown as AuthorizationServer,
    { op, ...options },
  )
  const redirectUri = 'https://app.example/callback'
  const { transaction } = await createAuthorizationRequest(ctx, { redirectUri })
  nonce = transaction.nonce
  const iss = op.metadata['authorization_response_iss_parameter_supported'] ? `&iss=${ISSUER}` : ''
  const url = `${redirectUri}?code=c&state=${transaction.state}${iss}`
  return exchangeCode(ctx, validateCallback(ctx, url, transaction))
}
