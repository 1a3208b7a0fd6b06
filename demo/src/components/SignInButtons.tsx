import { useAuth } from '@lanyard/react'
import { useState } from 'react'
import { useReportError } from '../errors.tsx'

export function SignInButtons() {
  const { loginWithRedirect, loginWithPopup } = useAuth()
  const report = useReportError()
  const [busy, setBusy] = useState<'redirect' | 'popup' | undefined>()

  const redirect = () => {
    setBusy('redirect')
    // The provider sends the user back to /callback; appState brings them back to this page.
    loginWithRedirect({ appState: { returnTo: location.pathname } }).catch((error: unknown) => {
      setBusy(undefined)
      report(error)
    })
  }
  // No `await` before loginWithPopup: the window must open in the click's own task, or the
  // browser blocks it (AUTH_POPUP_BLOCKED).
  const popup = () => {
    setBusy('popup')
    loginWithPopup()
      .catch(report)
      .finally(() => setBusy(undefined))
  }

  return (
    <div className="actions">
      <button type="button" className="btn btn-primary" onClick={redirect} disabled={!!busy}>
        {busy === 'redirect' ? 'Redirecting…' : 'Sign in with redirect'}
      </button>
      <button type="button" className="btn btn-secondary" onClick={popup} disabled={!!busy}>
        {busy === 'popup' ? 'Waiting for the popup…' : 'Sign in with popup'}
      </button>
    </div>
  )
}
