import {
  AUTH_AUTHORIZATION_ERROR,
  AUTH_LOGIN_REQUIRED,
  AUTH_NETWORK_ERROR,
  AuthError,
  type AuthState,
} from '@lanyard/browser'
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AuthProvider } from './auth-provider.ts'
import { RequireAuth, withAuthRequired } from './require-auth.ts'
import { fakeClient, type FakeClient } from './test-utils/fake-client.ts'

const alice: AuthState = { status: 'authenticated', user: { sub: 'alice', name: 'Alice' } }
const denied = new AuthError(AUTH_AUTHORIZATION_ERROR, 'access denied', { error: 'access_denied' })
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)))

function guarded(
  fake: FakeClient,
  guard: ReactNode = <RequireAuth fallback={<p>wait</p>}>{<p>secret</p>}</RequireAuth>,
) {
  return render(
    <StrictMode>
      <AuthProvider client={fake.client}>{guard}</AuthProvider>
    </StrictMode>,
  )
}

beforeEach(() => history.replaceState(null, '', '/private?tab=2#top'))
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

describe('RequireAuth', () => {
  it('renders the fallback while loading, then the children when signed in', async () => {
    const fake = fakeClient(alice)
    let finish: () => void = () => {}
    fake.client.start.mockImplementation(
      () => new Promise((resolve) => (finish = () => resolve(fake.set(alice) ?? alice))),
    )
    guarded(fake)
    expect(screen.getByText('wait')).toBeTruthy()
    expect(screen.queryByText('secret')).toBeNull()
    act(() => finish())
    await screen.findByText('secret')
    expect(fake.client.getAccessToken).not.toHaveBeenCalled()
    expect(fake.client.loginWithRedirect).not.toHaveBeenCalled()
  })

  it("a session shown from the tab's hint stays behind the fallback until the disk confirms it", async () => {
    const fake = fakeClient({ ...alice, hinted: true })
    guarded(fake)
    await settle()
    expect(screen.getByText('wait')).toBeTruthy()
    expect(screen.queryByText('secret')).toBeNull()
    expect(fake.client.loginWithRedirect).not.toHaveBeenCalled()
    act(() => fake.set(alice))
    await screen.findByText('secret')
  })

  it('after a deliberate sign-out it does not redirect (the provider session may still be ending)', async () => {
    const fake = fakeClient(alice)
    guarded(fake)
    await screen.findByText('secret')
    act(() => fake.set({ status: 'unauthenticated', reason: 'logout' }))
    await screen.findByText('wait')
    await settle()
    expect(fake.client.loginWithRedirect).not.toHaveBeenCalled()
    // A session that ended by itself does redirect.
    act(() => fake.set(alice))
    act(() => fake.set({ status: 'unauthenticated', error: new AuthError(AUTH_LOGIN_REQUIRED, 'ended') }))
    await waitFor(() => expect(fake.client.loginWithRedirect).toHaveBeenCalledTimes(1))
  })

  it('after an idle sign-out it does not redirect (the provider would sign the absent user straight back in)', async () => {
    const fake = fakeClient(alice)
    guarded(fake)
    await screen.findByText('secret')
    act(() => fake.set({ status: 'unauthenticated', reason: 'idle' }))
    await screen.findByText('wait')
    await settle()
    expect(fake.client.getAccessToken).not.toHaveBeenCalled()
    expect(fake.client.loginWithRedirect).not.toHaveBeenCalled()
  })

  it('signed out: tries a silent refresh, then redirects once with returnTo (StrictMode)', async () => {
    const fake = fakeClient()
    guarded(fake)
    await waitFor(() => expect(fake.client.loginWithRedirect).toHaveBeenCalled())
    await settle()
    expect(fake.client.getAccessToken).toHaveBeenCalledTimes(1)
    expect(fake.client.loginWithRedirect).toHaveBeenCalledTimes(1)
    expect(fake.client.loginWithRedirect).toHaveBeenCalledWith({
      appState: { returnTo: '/private?tab=2#top' },
    })
    expect(fake.client.getAccessToken.mock.invocationCallOrder[0]).toBeLessThan(
      fake.client.loginWithRedirect.mock.invocationCallOrder[0]!,
    )
    expect(screen.getByText('wait')).toBeTruthy()
  })

  it('mounted when already signed out (StrictMode runs its effect twice): still one attempt', async () => {
    const fake = fakeClient()
    await fake.client.start()
    guarded(fake)
    await waitFor(() => expect(fake.client.loginWithRedirect).toHaveBeenCalled())
    await settle()
    expect(fake.client.getAccessToken).toHaveBeenCalledTimes(1)
    expect(fake.client.loginWithRedirect).toHaveBeenCalledTimes(1)
  })

  it('several guards, and a guard mounted after a failed attempt, add no attempt', async () => {
    const fake = fakeClient()
    fake.client.loginWithRedirect.mockRejectedValue(new AuthError(AUTH_NETWORK_ERROR, 'discovery failed'))
    const view = guarded(
      fake,
      <>
        <RequireAuth>a</RequireAuth>
        <RequireAuth>b</RequireAuth>
      </>,
    )
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(2))
    view.rerender(
      <StrictMode>
        <AuthProvider client={fake.client}>
          <RequireAuth>c</RequireAuth>
        </AuthProvider>
      </StrictMode>,
    )
    await settle()
    expect(screen.getByRole('alert').textContent).toBe('AUTH_NETWORK_ERROR: discovery failed')
    expect(fake.client.getAccessToken).toHaveBeenCalledTimes(1)
    expect(fake.client.loginWithRedirect).toHaveBeenCalledTimes(1)
  })

  it('a guard mounted after the redirect was requested does not request another', async () => {
    const fake = fakeClient()
    const view = guarded(fake, <RequireAuth key="a">a</RequireAuth>)
    await waitFor(() => expect(fake.client.loginWithRedirect).toHaveBeenCalledTimes(1))
    await settle()
    view.rerender(
      <StrictMode>
        <AuthProvider client={fake.client}>
          <RequireAuth key="b">b</RequireAuth>
        </AuthProvider>
      </StrictMode>,
    )
    await settle()
    expect(fake.client.getAccessToken).toHaveBeenCalledTimes(1)
    expect(fake.client.loginWithRedirect).toHaveBeenCalledTimes(1)
  })

  it('signed out but the refresh token still works: renders the children, no redirect', async () => {
    const fake = fakeClient()
    fake.client.getAccessToken.mockImplementation(async () => {
      fake.set(alice)
      return 'at'
    })
    guarded(fake)
    await screen.findByText('secret')
    expect(fake.client.loginWithRedirect).not.toHaveBeenCalled()
  })

  it('redirects when the session ended (AUTH_LOGIN_REQUIRED is not a failure to show)', async () => {
    const fake = fakeClient({
      status: 'unauthenticated',
      error: new AuthError(AUTH_LOGIN_REQUIRED, 'refresh token expired'),
    })
    guarded(fake)
    await waitFor(() => expect(fake.client.loginWithRedirect).toHaveBeenCalledTimes(1))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('a failed login renders the error and never redirects again', async () => {
    const fake = fakeClient({ status: 'unauthenticated', error: denied })
    guarded(fake)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe('AUTH_AUTHORIZATION_ERROR: access denied')
    await settle()
    expect(fake.client.getAccessToken).not.toHaveBeenCalled()
    expect(fake.client.loginWithRedirect).not.toHaveBeenCalled()
  })

  it('a login call that throws a misuse TypeError shows that error as it is, not AUTH_TOKEN_REQUEST_FAILED', async () => {
    const fake = fakeClient()
    const misuse = Object.assign(new TypeError('state is set by Lanyard'), { code: 'ERR_INVALID_ARG_VALUE' })
    fake.client.loginWithRedirect.mockRejectedValue(misuse)
    guarded(fake)
    expect((await screen.findByRole('alert')).textContent).toBe(
      'ERR_INVALID_ARG_VALUE: state is set by Lanyard',
    )
    expect(fake.client.getSnapshot().error).toBe(misuse)
  })

  it('renders the error with onError when given', async () => {
    const fake = fakeClient({ status: 'unauthenticated', error: denied })
    guarded(fake, <RequireAuth onError={(e) => <em>sorry: {e.error}</em>}>secret</RequireAuth>)
    await screen.findByText('sorry: access_denied')
  })

  it('a silent refresh failing otherwise (network) renders that error instead of redirecting', async () => {
    const fake = fakeClient()
    fake.client.getAccessToken.mockRejectedValue(new AuthError(AUTH_NETWORK_ERROR, 'offline'))
    guarded(fake)
    expect((await screen.findByRole('alert')).textContent).toBe('AUTH_NETWORK_ERROR: offline')
    await settle()
    expect(fake.client.getAccessToken).toHaveBeenCalledTimes(1)
    expect(fake.client.loginWithRedirect).not.toHaveBeenCalled()
  })

  it('tries again when the session later ends by itself, once', async () => {
    const fake = fakeClient()
    fake.client.getAccessToken.mockImplementationOnce(async () => {
      fake.set(alice)
      return 'at'
    })
    guarded(fake)
    await screen.findByText('secret')
    act(() => fake.set({ status: 'unauthenticated', error: new AuthError(AUTH_LOGIN_REQUIRED, 'ended') }))
    await waitFor(() => expect(fake.client.loginWithRedirect).toHaveBeenCalledTimes(1))
    await settle()
    expect(fake.client.getAccessToken).toHaveBeenCalledTimes(2)
    expect(fake.client.loginWithRedirect).toHaveBeenCalledTimes(1)
  })

  it('throws a clear error outside <AuthProvider>', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => render(<RequireAuth>x</RequireAuth>)).toThrow(
      'RequireAuth must be used inside <AuthProvider>',
    )
  })
})

describe('withAuthRequired', () => {
  it('guards the component and passes its props', async () => {
    const fake = fakeClient(alice)
    function Page({ title }: { title: string }) {
      return <h1>{title}</h1>
    }
    const Guarded = withAuthRequired(Page, { fallback: <p>wait</p> })
    expect(Guarded.displayName).toBe('withAuthRequired(Page)')
    guarded(fake, <Guarded title="Orders" />)
    await screen.findByText('Orders')
    expect(screen.queryByText('wait')).toBeNull()
  })

  it('redirects when signed out', async () => {
    const fake = fakeClient()
    const Guarded = withAuthRequired(() => <h1>Orders</h1>)
    guarded(fake, <Guarded />)
    await waitFor(() => expect(fake.client.loginWithRedirect).toHaveBeenCalledTimes(1))
    expect(screen.queryByText('Orders')).toBeNull()
  })
})
