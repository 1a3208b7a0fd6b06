import type { AuthState } from '@lanyard/browser'
import { act, cleanup, render, screen } from '@testing-library/react'
import { StrictMode, useState, type ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AuthProvider } from './auth-provider.ts'
import { fakeClient, type FakeClient } from './test-utils/fake-client.ts'
import { useAuth, useAuthClient, type Auth } from './use-auth.ts'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const signedIn: AuthState = { status: 'authenticated', user: { sub: 'alice', name: 'Alice' }, expiresAt: 1 }

/** Renders a consumer that records every render's `useAuth()` result. */
async function renderConsumer(fake: FakeClient, wrap = (node: ReactNode) => node) {
  const seen: Auth[] = []
  function Consumer() {
    const auth = useAuth()
    seen.push(auth)
    return <p>{auth.status}</p>
  }
  const view = render(wrap(<AuthProvider client={fake.client}>{<Consumer />}</AuthProvider>))
  await screen.findByText('unauthenticated')
  return { seen, view }
}

describe('useAuth', () => {
  it('throws a clear error outside <AuthProvider>', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}) // React reports the render error too
    function Orphan() {
      useAuth()
      return null
    }
    expect(() => render(<Orphan />)).toThrow('useAuth must be used inside <AuthProvider>')
    function OrphanClient() {
      useAuthClient()
      return null
    }
    expect(() => render(<OrphanClient />)).toThrow('useAuthClient must be used inside <AuthProvider>')
  })

  it('maps the snapshot to status, flags, user and error', async () => {
    const fake = fakeClient()
    const { seen } = await renderConsumer(fake)
    expect(seen[0]).toMatchObject({ status: 'loading', isLoading: true, isAuthenticated: false })
    expect(seen.at(-1)).toMatchObject({ status: 'unauthenticated', isLoading: false, user: undefined })
    act(() => fake.set(signedIn))
    expect(seen.at(-1)).toMatchObject({
      status: 'authenticated',
      isLoading: false,
      isAuthenticated: true,
      user: { sub: 'alice', name: 'Alice' },
      error: undefined,
    })
  })

  it('re-renders only when the snapshot changes', async () => {
    const fake = fakeClient()
    const { seen } = await renderConsumer(fake)
    const before = seen.length
    act(() => fake.notify()) // same snapshot
    act(() => fake.set(fake.client.getSnapshot())) // same object again
    expect(seen).toHaveLength(before)
    act(() => fake.set(signedIn))
    expect(seen).toHaveLength(before + 1)
  })

  it('keeps the same object while the snapshot is unchanged, and stable actions always', async () => {
    const fake = fakeClient()
    let rerender: () => void = () => {}
    function Parent({ children }: { children: ReactNode }) {
      const [, setTick] = useState(0)
      rerender = () => setTick((n) => n + 1)
      return <>{children}</>
    }
    const { seen } = await renderConsumer(fake, (node) => (
      <StrictMode>
        <Parent>{node}</Parent>
      </StrictMode>
    ))
    const settled = seen.at(-1)!
    act(() => rerender())
    expect(seen.at(-1)).toBe(settled) // memoized on the snapshot
    act(() => fake.set(signedIn))
    const after = seen.at(-1)!
    expect(after).not.toBe(settled)
    for (const name of [
      'loginWithRedirect',
      'loginWithPopup',
      'logout',
      'getAccessToken',
      'fetch',
    ] as const) {
      expect(after[name]).toBe(seen[0]![name])
    }
  })

  it('actions call the client with the same arguments', async () => {
    const fake = fakeClient()
    const { seen } = await renderConsumer(fake)
    const auth = seen.at(-1)!
    await auth.loginWithRedirect({ appState: { returnTo: '/x' } })
    await auth.loginWithPopup({ authorizationParams: { prompt: 'login' } })
    await auth.logout({ federated: false })
    await auth.getAccessToken({ cacheMode: 'off' }).catch(() => {})
    await auth.fetch('/api', { method: 'POST' })
    expect(fake.client.loginWithRedirect).toHaveBeenCalledWith({ appState: { returnTo: '/x' } })
    expect(fake.client.loginWithPopup).toHaveBeenCalledWith({ authorizationParams: { prompt: 'login' } })
    expect(fake.client.logout).toHaveBeenCalledWith({ federated: false })
    expect(fake.client.getAccessToken).toHaveBeenCalledWith({ cacheMode: 'off' })
    expect(fake.client.fetch).toHaveBeenCalledWith('/api', { method: 'POST' })
  })

  it('carries the session-lifecycle fields and actions (idle and session-end warnings)', async () => {
    const fake = fakeClient()
    const { seen } = await renderConsumer(fake)
    act(() => fake.set({ ...signedIn, idleExpiresAt: 500, sessionExpiresAt: 900 }))
    const auth = seen.at(-1)!
    expect(auth).toMatchObject({ idleExpiresAt: 500, sessionExpiresAt: 900 })
    await auth.keepAlive()
    await auth.reauthenticate({ authorizationParams: { ui_locales: 'fr' } })
    expect(fake.client.keepAlive).toHaveBeenCalledOnce()
    expect(fake.client.reauthenticate).toHaveBeenCalledWith({ authorizationParams: { ui_locales: 'fr' } })
  })

  it('useAuthClient returns the provider client', async () => {
    const fake = fakeClient()
    let got: unknown
    function Probe() {
      got = useAuthClient()
      return null
    }
    render(
      <AuthProvider client={fake.client}>
        <Probe />
      </AuthProvider>,
    )
    expect(got).toBe(fake.client)
  })
})
