/// <reference types="vite/client" />

// Set in the environment or in demo/.env.local (see demo/.env.example). All optional: without
// them the demo talks to the dev provider on http://localhost:9000.
interface ImportMetaEnv {
  readonly VITE_LANYARD_ISSUER?: string
  readonly VITE_LANYARD_CLIENT_ID?: string
  readonly VITE_LANYARD_AUDIENCE?: string
  /** What "Call API" fetches; default `<issuer>/api/me` (the dev provider's protected resource). */
  readonly VITE_LANYARD_API_URL?: string
}
