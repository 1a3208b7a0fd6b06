// @vitest-environment node
// Server rendering: no window, document, location or history exist here, so any access to one
// at import or during render throws and fails the test.
import { createAuthClient } from '@lanyard/browser'
import { renderToString } from 'react-dom/server'
import { expect, it } from 'vitest'
import { AuthProvider, RequireAuth, useAuth, withAuthRequired } from './index.ts'

function Status() {
  const { status, isLoading } = useAuth()
  return (
    <i>
      {status}/{String(isLoading)}
    </i>
  )
}
const Page = withAuthRequired(() => <b>private page</b>, { fallback: <span>page loading</span> })

it('renders the loading state on the server without touching browser globals', () => {
  expect(typeof window).toBe('undefined')
  expect(typeof location).toBe('undefined')
  const auth = createAuthClient({ issuer: 'https://op.example', clientId: 'spa' })
  const html = renderToString(
    <AuthProvider client={auth}>
      <Status />
      <RequireAuth fallback={<span>checking sign-in</span>}>
        <b>secret</b>
      </RequireAuth>
      <Page />
    </AuthProvider>,
  )
  expect(html).toContain('<i>loading<!-- -->/<!-- -->true</i>')
  expect(html).toContain('<span>checking sign-in</span>')
  expect(html).toContain('<span>page loading</span>')
  expect(html).not.toContain('secret')
  expect(html).not.toContain('private page')
})
