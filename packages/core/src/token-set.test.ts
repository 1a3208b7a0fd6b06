import type * as oauth from 'oauth4webapi'
import { expect, it } from 'vitest'
import { toTokenSet } from './token-set.ts'

const response = (extra: Record<string, unknown>) =>
  ({ access_token: 'at', token_type: 'bearer', ...extra }) as unknown as oauth.TokenEndpointResponse

it.each([
  [{}, undefined],
  [{ refresh_expires_in: 1800 }, 1000 + 1800], // Keycloak, counted from receipt
  [{ refresh_token_expires_in: 600 }, 1000 + 600], // Entra ID / Okta name
  [{ refresh_expires_in: 0 }, undefined], // Keycloak: 0 means the (offline) token does not expire
  [{ refresh_expires_in: '1800' }, undefined], // not a number: unknown, never a wrong guess
  [{ refresh_expires_in: -5 }, undefined],
  [{ refresh_expires_in: Number.POSITIVE_INFINITY }, undefined],
])('refresh_expires_at of a token response with %o is %s', (extra, end) => {
  expect(toTokenSet(response(extra), 1_000_500, undefined).refresh_expires_at).toBe(end)
})
