import { AuthProvider } from '@lanyard/react'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createClient, type SmokeConfig } from './create-client.ts'
import { Session } from './Session.tsx'

const config = (await (await fetch('/config.json')).json()) as SmokeConfig
const auth = createClient(config)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthProvider client={auth}>
      <Session apiUrl={`${config.issuer}/api/me`} />
    </AuthProvider>
  </StrictMode>,
)
