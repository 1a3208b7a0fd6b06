// The bindings over the real @lanyard/browser client and a scripted provider: what StrictMode,
// the callback dance and the guard do to actual token requests.
import { createAuthClient, type AuthClient } from '@lanyard/browser'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { AuthProvider } from './auth-provider.ts'
import { RequireAuth } from './require-auth.ts'
import { ISSUER, fakeOp, type FakeOp } from '@lanyard/test-utils'
import { freshIndexedDb } from '../../browser/src/test-utils/idb.ts'
import { useAuth } from './use-auth.ts'

let op: FakeOp
const clients: AuthClient[] = []

function client() {
  const auth = createAuthClient({ issuer: ISSUER, clientId: 'spa', fetch: op.fetch, onWarning: () => {} })
  clients.push(auth)
  return auth
}

/** The previous page: starts a redirect login and leaves its transaction in IndexedDB. */
async function leaveForLogin(appState: unknown) {
  const before = client()
  await before.loginWithRedirect({ appState })
  before.stop()
}

const authorizeRedirects = () =>
  vi.mocked(location.assign).mock.calls.filter(([url]) => new URL(String(url)).pathname === '/authorize')

function Profile() {
  const { user } = useAuth()
  return <p>hello {String(user?.name)}</p>
}

function App({ auth }: { auth: AuthClient }) {
  return (
    <StrictMode>
      <AuthProvider client={auth}>
        <RequireAuth fallback={<p>loading</p>}>
          <Profile />
        </RequireAuth>
      </AuthProvider>
    </StrictMode>
  )
}

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
  history.replaceState(null, '', '/')
})
afterEach(() => {
  cleanup()
  for (const auth of clients.splice(0)) auth.stop()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

it('StrictMode double mount: exactly one token request for one callback, then returnTo', async () => {
  await leaveForLogin({ returnTo: '/orders?tab=2#open' })
  history.replaceState(null, '', op.callbackUrl())
  render(<App auth={client()} />)
  await screen.findByText('hello Alice', {}, { timeout: 5000 })
  await waitFor(() => expect(location.pathname + location.search + location.hash).toBe('/orders?tab=2#open'))
  expect(op.tokenCalls().map((body) => body.get('grant_type'))).toEqual(['authorization_code'])
  expect(authorizeRedirects()).toHaveLength(1) // only the one that left for login
})

it('a denied login renders the error and redirects no more', async () => {
  await leaveForLogin({ returnTo: '/orders' })
  const denied = new URL(op.callbackUrl())
  denied.searchParams.delete('code')
  denied.searchParams.set('error', 'access_denied')
  denied.searchParams.set('error_description', 'The user said no')
  history.replaceState(null, '', denied)
  render(<App auth={client()} />)
  const alert = await screen.findByRole('alert', {}, { timeout: 5000 })
  expect(alert.textContent).toMatch(/^AUTH_AUTHORIZATION_ERROR: /)
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(op.tokenCalls()).toHaveLength(0)
  expect(authorizeRedirects()).toHaveLength(1)
  expect(location.search).toBe('') // the client cleaned the callback parameters
})

it('signed out: one silent attempt (no request without a session), then one redirect with returnTo', async () => {
  history.replaceState(null, '', '/orders?tab=2')
  render(<App auth={client()} />)
  await waitFor(() => expect(authorizeRedirects()).toHaveLength(1), { timeout: 5000 })
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(authorizeRedirects()).toHaveLength(1)
  expect(op.tokenCalls()).toHaveLength(0)
  expect(screen.getByText('loading')).toBeTruthy()
  // The transaction carries returnTo: completing it lands back on /orders?tab=2.
  cleanup()
  history.replaceState(null, '', op.callbackUrl())
  render(<App auth={client()} />)
  await screen.findByText('hello Alice', {}, { timeout: 5000 })
  await waitFor(() => expect(location.pathname + location.search).toBe('/orders?tab=2'))
})
