import { ISSUER, type FakeOp } from '@lanyard/test-utils'
import type { AuthClient } from '../auth-client.ts'
import { createAuthClient } from '../client.ts'
import type { AuthClientOptions } from '../options.ts'

/**
 * Clients on the fake provider `provider()` (read at each call: tests make a new one per test), each
 * one a page of the same origin (a tab, a reload, the callback page: one IndexedDB). `stopAll()`
 * in `afterEach` stops them.
 */
export function testClients(provider: () => FakeOp) {
  const made: AuthClient[] = []
  const client = (options: Partial<AuthClientOptions> = {}): AuthClient => {
    const auth = createAuthClient({
      issuer: ISSUER,
      clientId: 'spa',
      fetch: provider().fetch,
      onWarning: () => {},
      ...options,
    })
    made.push(auth)
    return auth
  }
  /** A redirect login through to the callback, in `auth` (default: a new client). */
  const signIn = async (auth = client()) => {
    await auth.start()
    await auth.loginWithRedirect()
    await auth.handleRedirectCallback(provider().callbackUrl())
    return auth
  }
  /** A redirect login that left for the provider, and its callback now in the address bar. */
  const atCallback = async () => {
    const login = client()
    await login.start()
    await login.loginWithRedirect()
    login.stop()
    history.replaceState(null, '', provider().callbackUrl())
  }
  const stopAll = () => {
    for (const auth of made.splice(0)) auth.stop()
  }
  return { client, signIn, atCallback, stopAll }
}
