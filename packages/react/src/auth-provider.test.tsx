import { AUTH_AUTHORIZATION_ERROR, AUTH_TRANSACTION_MISSING, AuthError } from '@lanyard/browser'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AuthProvider } from './auth-provider.ts'
import { fakeClient } from './test-utils/fake-client.ts'
import { useAuth } from './use-auth.ts'

function Status() {
  const { status, error } = useAuth()
  return <p>{error ? `${status} ${error.code}` : status}</p>
}

const CALLBACK = '/callback?code=c1&state=s1&iss=https%3A%2F%2Fop.example'

beforeEach(() => history.replaceState(null, '', '/'))
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  window.name = ''
})

describe('AuthProvider', () => {
  it('starts the client once under StrictMode, in an effect, and not for a plain URL callback', async () => {
    const fake = fakeClient()
    const startedDuringRender: number[] = []
    function Spy() {
      startedDuringRender.push(fake.client.start.mock.calls.length)
      return null
    }
    render(
      <StrictMode>
        <AuthProvider client={fake.client}>
          <Spy />
          <Status />
        </AuthProvider>
      </StrictMode>,
    )
    await screen.findByText('unauthenticated')
    expect(startedDuringRender.slice(0, 2)).toEqual([0, 0]) // not during render
    expect(fake.client.start).toHaveBeenCalledTimes(1)
    expect(fake.client.handleRedirectCallback).not.toHaveBeenCalled()
  })

  it('completes a callback first, once under StrictMode, then starts, and reports appState', async () => {
    history.replaceState(null, '', CALLBACK)
    const fake = fakeClient({ status: 'authenticated', user: { sub: 'alice' } })
    fake.client.handleRedirectCallback.mockResolvedValue({ appState: { returnTo: '/private', n: 1 } })
    const onRedirectCallback = vi.fn()
    render(
      <StrictMode>
        <AuthProvider client={fake.client} onRedirectCallback={onRedirectCallback}>
          <Status />
        </AuthProvider>
      </StrictMode>,
    )
    await screen.findByText('authenticated')
    await waitFor(() => expect(onRedirectCallback).toHaveBeenCalledTimes(1))
    expect(onRedirectCallback).toHaveBeenCalledWith({ returnTo: '/private', n: 1 })
    expect(fake.client.handleRedirectCallback).toHaveBeenCalledTimes(1)
    expect(fake.client.handleRedirectCallback).toHaveBeenCalledWith(location.origin + CALLBACK)
    expect(fake.client.start).toHaveBeenCalledTimes(1)
    expect(fake.client.handleRedirectCallback.mock.invocationCallOrder[0]).toBeLessThan(
      fake.client.start.mock.invocationCallOrder[0]!,
    )
  })

  it('by default restores appState.returnTo in the address bar', async () => {
    history.replaceState(null, '', CALLBACK)
    const fake = fakeClient({ status: 'authenticated', user: { sub: 'alice' } })
    fake.client.handleRedirectCallback.mockResolvedValue({ appState: { returnTo: '/private?tab=2#top' } })
    render(
      <AuthProvider client={fake.client}>
        <Status />
      </AuthProvider>,
    )
    await waitFor(() =>
      expect(location.pathname + location.search + location.hash).toBe('/private?tab=2#top'),
    )
  })

  it('shows a failed callback as the error, and keeps loading until start() settled', async () => {
    history.replaceState(null, '', CALLBACK)
    const fake = fakeClient()
    const denied = new AuthError(AUTH_AUTHORIZATION_ERROR, 'access denied', { error: 'access_denied' })
    fake.client.handleRedirectCallback.mockRejectedValue(denied)
    const onRedirectCallback = vi.fn()
    const seen: string[] = []
    function Record() {
      const { status, error } = useAuth()
      seen.push(error ? `${status} ${error.code}` : status)
      return null
    }
    render(
      <StrictMode>
        <AuthProvider client={fake.client} onRedirectCallback={onRedirectCallback}>
          <Status />
          <Record />
        </AuthProvider>
      </StrictMode>,
    )
    await screen.findByText('unauthenticated AUTH_AUTHORIZATION_ERROR')
    // Never a signed-out state without the error: a guard would redirect on it.
    expect(new Set(seen)).toEqual(new Set(['loading', 'unauthenticated AUTH_AUTHORIZATION_ERROR']))
    expect(onRedirectCallback).not.toHaveBeenCalled()
    expect(fake.client.start).toHaveBeenCalledTimes(1)
  })

  it('drops the callback error when the session was restored anyway, and when the snapshot moves on', async () => {
    history.replaceState(null, '', CALLBACK)
    const fake = fakeClient({ status: 'authenticated', user: { sub: 'alice' } })
    fake.client.handleRedirectCallback.mockRejectedValue(
      new AuthError(AUTH_TRANSACTION_MISSING, 'callback already used'),
    )
    render(
      <AuthProvider client={fake.client}>
        <Status />
      </AuthProvider>,
    )
    await screen.findByText('authenticated')

    cleanup()
    history.replaceState(null, '', CALLBACK)
    const other = fakeClient()
    other.client.handleRedirectCallback.mockRejectedValue(new Error('boom'))
    render(
      <AuthProvider client={other.client}>
        <Status />
      </AuthProvider>,
    )
    await screen.findByText('unauthenticated AUTH_CALLBACK_INVALID') // non-AuthErrors are wrapped
    other.set({ status: 'unauthenticated' })
    await screen.findByText('unauthenticated')
  })

  it('leaves a popup window callback to start(), which relays it to the opener', async () => {
    history.replaceState(null, '', CALLBACK)
    window.name = 'lanyard-popup'
    const fake = fakeClient()
    render(
      <AuthProvider client={fake.client}>
        <Status />
      </AuthProvider>,
    )
    await screen.findByText('unauthenticated')
    expect(fake.client.handleRedirectCallback).not.toHaveBeenCalled()
    expect(fake.client.start).toHaveBeenCalledTimes(1)
  })
})
