import { isAuthError } from '@lanyard/browser'
import { useAuth } from '@lanyard/react'
import { Component, createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'

/** What the banner shows for any thrown value: an `AuthError`'s code, else the error's name. */
export interface ErrorView {
  code: string
  message: string
  /** The provider's OAuth `error` / `error_description`, when it sent them. */
  detail?: string
}

export function describeError(error: unknown): ErrorView {
  if (isAuthError(error)) {
    const oauth = [error.error, error.errorDescription].filter(Boolean).join(': ')
    return { code: error.code, message: error.message, ...(oauth && { detail: oauth }) }
  }
  if (error instanceof Error) return { code: error.name, message: error.message }
  return { code: 'Error', message: String(error) }
}

interface Errors {
  /** Shows a failed action (popup closed, refresh refused, …) in the banner. */
  report: (error: unknown) => void
  actionError: unknown
  dismiss: () => void
}

const ErrorsContext = createContext<Errors>({ report: () => {}, actionError: undefined, dismiss: () => {} })

export function ErrorsProvider({ children }: { children: ReactNode }) {
  const [actionError, setActionError] = useState<unknown>(undefined)
  const report = useCallback((error: unknown) => {
    console.error('[demo]', error)
    setActionError(error)
  }, [])
  const dismiss = useCallback(() => setActionError(undefined), [])
  const value = useMemo(() => ({ report, actionError, dismiss }), [report, actionError, dismiss])
  return <ErrorsContext.Provider value={value}>{children}</ErrorsContext.Provider>
}

export function useReportError(): (error: unknown) => void {
  return useContext(ErrorsContext).report
}

/** The last failed action, else the error in the auth state (e.g. a failed callback). */
export function ErrorBanner() {
  const { actionError, dismiss } = useContext(ErrorsContext)
  const { error: stateError } = useAuth()
  const [dismissed, setDismissed] = useState<unknown>(undefined)
  const error = actionError ?? (stateError !== dismissed ? stateError : undefined)
  if (!error) return null
  const close = () => (actionError ? dismiss() : setDismissed(stateError))
  return <ErrorNotice error={error} onDismiss={close} />
}

export function ErrorNotice({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const view = describeError(error)
  return (
    <div className="banner" role="alert" data-testid="error">
      <div className="banner-text">
        <code className="banner-code">{view.code}</code>
        <span>{view.message}</span>
        {view.detail && <span className="banner-detail">{view.detail}</span>}
      </div>
      {onDismiss && (
        <button type="button" className="banner-close" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  )
}

/** Anything that throws while rendering ends here, with its name and message, not a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: undefined }

  static getDerivedStateFromError(error: unknown) {
    return { error }
  }

  override render() {
    if (this.state.error === undefined) return this.props.children
    return (
      <div className="fatal">
        <h1>Something went wrong</h1>
        <ErrorNotice error={this.state.error} />
        <button type="button" className="btn btn-primary" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    )
  }
}
