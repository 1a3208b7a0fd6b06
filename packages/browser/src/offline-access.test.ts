// `offline_access` (refresh tokens that outlive the provider session) is asked for where the
// provider offers it: Google and Cognito list their scopes without it and refuse it
// (`invalid_scope` on their own error page, the user never reaches a login form).
import { fakeOp, type FakeOp } from '@lanyard/test-utils'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp
const { client, stopAll } = testClients(() => op)
beforeEach(() => freshIndexedDb())
afterEach(() => stopAll())

const requestedScopes = async (offlineAccess?: boolean) => {
  const auth = client(offlineAccess === undefined ? {} : { offlineAccess })
  await auth.start()
  await auth.loginWithRedirect()
  return op.lastAuthorize!.searchParams.get('scope')!.split(' ')
}

it.each([
  ['lists it (Auth0, Okta, Keycloak, Entra)', ['openid', 'profile', 'email', 'offline_access'], true],
  ['lists no scopes', undefined, true],
  ['lists scopes without it (Google)', ['openid', 'email', 'profile'], false],
  ['lists scopes without it (Cognito)', ['openid', 'email', 'phone', 'profile'], false],
])('by default, offline_access is requested when the provider %s', async (_, scopes, requested) => {
  op = fakeOp({ metadata: { scopes_supported: scopes } })
  const sent = await requestedScopes()
  expect(sent).toEqual(expect.arrayContaining(['openid', 'profile', 'email']))
  expect(sent.includes('offline_access')).toBe(requested)
})

it('offlineAccess: false never requests it, true always does', async () => {
  op = fakeOp({ metadata: { scopes_supported: ['openid', 'offline_access'] } })
  expect(await requestedScopes(false)).not.toContain('offline_access')
  op = fakeOp({ metadata: { scopes_supported: ['openid', 'email', 'profile'] } })
  expect(await requestedScopes(true)).toContain('offline_access')
})
