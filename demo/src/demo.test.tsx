// The demo's own component tests, on the mock client of @lanyard/browser/testing: no provider, no
// network, no storage. The routes are the demo's real ones (router.ts, with the loader guard).
import { createMockAuthClient } from '@lanyard/browser/testing'
import { AuthProvider } from '@lanyard/react'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { RouterProvider } from 'react-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiCard } from './components/ApiCard.tsx'
import { SignInButtons } from './components/SignInButtons.tsx'
import { TokenCard } from './components/TokenCard.tsx'
import { config } from './config.ts'
import { createDemoRouter } from './router.ts'
import type { MockAuthClient } from '@lanyard/browser/testing'

/** The whole demo at `path`, on `auth`. */
function renderDemo(auth: MockAuthClient, path: string) {
  history.replaceState(null, '', path)
  return render(
    <AuthProvider client={auth}>
      <RouterProvider router={createDemoRouter(auth)} />
    </AuthProvider>,
  )
}

// A fixed clock for the countdown (Date only: timers and promises run as usual).
const NOW = 1_900_000_000_000

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW })
  history.replaceState(null, '', '/')
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('the demo, on the mock client', () => {
  it('a signed-in component test is three statements: the token card counts down to the expiry', () => {
    const auth = createMockAuthClient({ user: { sub: 'alice' }, expiresAt: NOW / 1000 + 90 })
    render(
      <AuthProvider client={auth}>
        <TokenCard />
      </AuthProvider>,
    )
    expect(screen.getByTestId('expires-in').textContent).toBe('1:30')
  })

  it('signed out, the sign-in buttons; a popup login signs in', async () => {
    const auth = createMockAuthClient({ loginAs: { sub: 'dana' } })
    render(
      <AuthProvider client={auth}>
        <SignInButtons />
      </AuthProvider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with popup' }))
    expect(auth.callsTo('loginWithPopup')).toHaveLength(1)
    expect(auth.getSnapshot()).toMatchObject({ status: 'authenticated', user: { sub: 'dana' } })
  })

  it('home page, signed in: welcome, claims and the session pill', async () => {
    renderDemo(createMockAuthClient({ user: { sub: 'alice', name: 'Alice' } }), '/')
    expect((await screen.findByTestId('welcome')).textContent).toBe('Alice')
    expect(screen.getByTestId('status').getAttribute('data-status')).toBe('authenticated')
    expect(screen.getByTestId('claims').textContent).toContain('alice')
  })

  it('"Sign in with redirect" asks for a login that comes back to this page', async () => {
    const auth = createMockAuthClient()
    renderDemo(auth, '/')
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in with redirect' }))
    expect(auth.callsTo('loginWithRedirect')).toEqual([[{ appState: { returnTo: '/' } }]])
  })

  it('a failed callback is shown with its code', async () => {
    renderDemo(createMockAuthClient({ error: 'AUTH_STATE_MISMATCH' }), '/callback')
    expect((await screen.findByTestId('error')).textContent).toContain('AUTH_STATE_MISMATCH')
  })

  it('the protected route, signed in: its content', async () => {
    renderDemo(createMockAuthClient({ user: { sub: 'bob' } }), '/protected')
    expect((await screen.findByTestId('protected')).textContent).toContain('Hello bob')
  })

  it('the protected route, signed out: the loader redirects once and nothing of the route renders', async () => {
    const auth = createMockAuthClient()
    renderDemo(auth, '/protected?tab=2')
    await screen.findByText('Checking your session…')
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(auth.callsTo('loginWithRedirect')).toEqual([[{ appState: { returnTo: '/protected?tab=2' } }]])
    expect(screen.queryByTestId('protected')).toBeNull()
    expect(screen.queryByTestId('protected-fallback')).toBeNull()
  })

  it('the protected route after a failed login: the error, and no new redirect', async () => {
    const auth = createMockAuthClient({ error: 'AUTH_AUTHORIZATION_ERROR' })
    renderDemo(auth, '/protected')
    await screen.findByRole('heading', { name: 'Sign-in failed' }) // the route's error boundary
    expect(screen.getAllByTestId('error').map((banner) => banner.textContent)).toEqual([
      expect.stringContaining('AUTH_AUTHORIZATION_ERROR'), // the state's error, in the banner
      expect.stringContaining('AUTH_AUTHORIZATION_ERROR'), // what the loader threw
    ])
    expect(auth.callsTo('loginWithRedirect')).toEqual([])
  })

  it('"Call API" sends the access token with auth.fetch and shows the answer', async () => {
    const seen: Request[] = []
    const auth = createMockAuthClient({
      user: { sub: 'carol' },
      fetch: (request) => {
        seen.push(request)
        return Response.json({ sub: 'carol' })
      },
    })
    render(
      <AuthProvider client={auth}>
        <ApiCard />
      </AuthProvider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Call API' }))
    expect((await screen.findByTestId('api-status')).textContent).toMatch(/^200 /)
    expect(screen.getByTestId('api-response').textContent).toContain('"sub": "carol"')
    expect(seen.map((request) => [request.url, request.headers.get('authorization')])).toEqual([
      [config.apiUrl, 'Bearer mock-access-token'],
    ])
  })
})
