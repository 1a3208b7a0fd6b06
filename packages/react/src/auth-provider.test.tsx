import { AUTH_AUTHORIZATION_ERROR, AuthError } from '@lanyard/browser'
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

  it('reports the appState of the callback start() completed, once under StrictMode', async () => {
    const fake = fakeClient({ status: 'authenticated', user: { sub: 'alice' } })
    fake.client.takeRedirectResult.mockReturnValueOnce({ appState: { returnTo: '/private', n: 1 } })
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
    expect(fake.client.start).toHaveBeenCalledTimes(1)
    expect(fake.client.takeRedirectResult).toHaveBeenCalledTimes(1)
    expect(fake.client.start.mock.invocationCallOrder[0]).toBeLessThan(
      fake.client.takeRedirectResult.mock.invocationCallOrder[0]!,
    )
    expect(fake.client.handleRedirectCallback).not.toHaveBeenCalled()
  })

  it('by default restores appState.returnTo in the address bar', async () => {
    history.replaceState(null, '', CALLBACK)
    const fake = fakeClient({ status: 'authenticated', user: { sub: 'alice' } })
    fake.client.takeRedirectResult.mockReturnValueOnce({ appState: { returnTo: '/private?tab=2#top' } })
    render(
      <AuthProvider client={fake.client}>
        <Status />
      </AuthProvider>,
    )
    await waitFor(() =>
      expect(location.pathname + location.search + location.hash).toBe('/private?tab=2#top'),
    )
  })

  it('shows the error of a failed callback and reports no appState', async () => {
    const denied = new AuthError(AUTH_AUTHORIZATION_ERROR, 'access denied', { error: 'access_denied' })
    const fake = fakeClient({ status: 'unauthenticated', error: denied })
    const onRedirectCallback = vi.fn()
    render(
      <StrictMode>
        <AuthProvider client={fake.client} onRedirectCallback={onRedirectCallback}>
          <Status />
        </AuthProvider>
      </StrictMode>,
    )
    await screen.findByText('unauthenticated AUTH_AUTHORIZATION_ERROR')
    expect(onRedirectCallback).not.toHaveBeenCalled()
    expect(fake.client.start).toHaveBeenCalledTimes(1)
  })
})
