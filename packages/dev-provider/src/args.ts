import { parseArgs } from 'node:util'
import { DEFAULT_CLIENT } from './clients.ts'
import { PROFILE_NAMES } from './profiles.ts'
import type { DevClient, DevProviderOptions, ProfileName } from './types.ts'

/** Usage text of `lanyard-dev-provider`. */
export const USAGE = `Usage: lanyard-dev-provider [options]

  --port <n>                 port on localhost (default 9000; 0 = any free port)
  --profile <name>           a provider unlike the default: ${PROFILE_NAMES.join(', ')}
  --client-id <id>           client ID (default ${DEFAULT_CLIENT.clientId})
  --redirect-uri <uri>       allowed redirect URI, repeatable (default: the demo's and the e2e pages')
  --origin <origin>          CORS origin, repeatable (default: the redirect URIs' origins)
  --access-token-ttl <s>     access token lifetime in seconds (default 3600)
  --auth0-paths              serve Auth0's paths (/authorize, /oauth/token, /v2/logout, /oauth/revoke, /userinfo)
  --dpop-nonce               DPoP proofs need a server nonce, at the token endpoint and /api/me
  --require-dpop             refuse Bearer: DPoP-bound access tokens only
  --no-rotation              do not rotate refresh tokens
  --allowed-host <host:port> also answer this Host header, repeatable (default: only localhost:PORT)
  --quiet                    print nothing but errors
  --help                     show this text`

/** Parsed command line: provider options, or a request for the usage text. */
export type Command = { help: true } | { help: false; options: DevProviderOptions }

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0)
    throw new TypeError(`${flag} must be a non-negative integer, got ${value}`)
  return n
}

function client(values: {
  'client-id'?: string
  'redirect-uri'?: string[]
  origin?: string[]
  'require-dpop'?: boolean
}): DevClient {
  const redirectUris = values['redirect-uri']
  const base: DevClient = redirectUris
    ? {
        clientId: DEFAULT_CLIENT.clientId,
        redirectUris,
        // Logout may return to any redirect URI or to the root of its origin.
        postLogoutRedirectUris: [
          ...new Set([...redirectUris, ...redirectUris.map((uri) => `${new URL(uri).origin}/`)]),
        ],
      }
    : DEFAULT_CLIENT
  return {
    ...base,
    ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
    ...(values.origin ? { origins: values.origin } : {}),
    ...(values['require-dpop'] ? { dpopBoundAccessTokens: true } : {}),
  }
}

/** Parse `lanyard-dev-provider` flags; throws on unknown flags or bad values. */
export function parseCommand(argv: readonly string[]): Command {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string' },
      profile: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'client-id': { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      origin: { type: 'string', multiple: true },
      'access-token-ttl': { type: 'string' },
      'auth0-paths': { type: 'boolean' },
      'dpop-nonce': { type: 'boolean' },
      'require-dpop': { type: 'boolean' },
      'no-rotation': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return { help: true }
  const port = integer('--port', values.port)
  const accessTokenTtl = integer('--access-token-ttl', values['access-token-ttl'])
  const profile = values.profile
  if (profile !== undefined && !(PROFILE_NAMES as string[]).includes(profile))
    throw new TypeError(`--profile must be one of ${PROFILE_NAMES.join(', ')}, got ${profile}`)
  return {
    help: false,
    options: {
      port: port ?? 9000,
      ...(profile !== undefined ? { profile: profile as ProfileName } : {}),
      ...(values['allowed-host'] ? { allowedHosts: values['allowed-host'] } : {}),
      clients: [client(values)],
      ...(accessTokenTtl !== undefined ? { accessTokenTtl } : {}),
      auth0Paths: values['auth0-paths'] ?? false,
      dpop: { requireNonce: values['dpop-nonce'] ?? false, resourceNonce: values['dpop-nonce'] ?? false },
      // Only when asked: otherwise the profile (or the default) decides.
      ...(values['no-rotation'] ? { rotateRefreshTokens: false } : {}),
      quiet: values.quiet ?? false,
    },
  }
}
