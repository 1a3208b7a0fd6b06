// Where the demo signs in. Defaults: the dev provider (`pnpm demo` starts it on :9000) and its
// `lanyard-dev` client. VITE_LANYARD_* variables point it at Auth0, Keycloak or any provider.
const env = import.meta.env
const set = (value: string | undefined) => value?.trim() || undefined

const issuer = set(env.VITE_LANYARD_ISSUER) ?? 'http://localhost:9000'

export const config = {
  issuer,
  clientId: set(env.VITE_LANYARD_CLIENT_ID) ?? 'lanyard-dev',
  audience: set(env.VITE_LANYARD_AUDIENCE),
  /** The protected resource "Call API" fetches with `auth.fetch`. */
  apiUrl: set(env.VITE_LANYARD_API_URL) ?? `${issuer.replace(/\/+$/, '')}/api/me`,
  /** True when running against the local dev provider (any username signs in). */
  devProvider: !set(env.VITE_LANYARD_ISSUER),
}
