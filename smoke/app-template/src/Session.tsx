import { useAuth } from '@lanyard/react'
import { useState } from 'react'

/** Status, user, sign-in, and a call to the provider's protected API through `auth.fetch`. */
export function Session({ apiUrl }: { apiUrl: string }) {
  const { status, user, error, loginWithRedirect, fetch } = useAuth()
  const [api, setApi] = useState<string>()
  const callApi = async () => {
    const response = await fetch(apiUrl)
    setApi(`${response.status} ${await response.text()}`)
  }
  return (
    <main>
      <p data-testid="status">{status}</p>
      {user && <p data-testid="user">{user.sub}</p>}
      {error && (
        <p role="alert">
          {error.code}: {error.message}
        </p>
      )}
      {status === 'unauthenticated' && <button onClick={() => void loginWithRedirect()}>Sign in</button>}
      {status === 'authenticated' && <button onClick={() => void callApi()}>Call the API</button>}
      {api && <pre data-testid="api">{api}</pre>}
    </main>
  )
}
