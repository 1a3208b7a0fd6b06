import { randomBytes } from 'node:crypto'
import type { RequestListener } from 'node:http'
import type { JWK } from 'jose'
import { createApiMe } from './api-me.ts'
import { clientOrigins, DEFAULT_CLIENT } from './clients.ts'
import { providerConfiguration } from './configuration.ts'
import { Cors } from './cors.ts'
import { DpopNonces } from './dpop-nonce.ts'
import { FaultSwitches, faultMiddleware } from './faults.ts'
import { sendJson } from './http.ts'
import { allowedHosts } from './host-check.ts'
import { withoutIssParameter } from './iss-parameter.ts'
import { listenOnLocalhost } from './listen.ts'
import { createProvider } from './load-provider.ts'
import { resolveProfile } from './profiles.ts'
import { RequestLog } from './request-log.ts'
import { routesFor } from './routes.ts'
import { createHandler } from './server.ts'
import type { DevClient, DevProvider, DevProviderOptions } from './types.ts'

const DAY = 24 * 60 * 60

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new TypeError(`${name} must be a positive integer (seconds)`)
  return value
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new TypeError(`${name} must be a non-negative integer (seconds)`)
  return value
}

type Middleware = ReturnType<typeof faultMiddleware>

/** Start an OpenID Connect provider and the `/api/me` resource on `http://localhost:PORT`. */
export async function startDevProvider(input: DevProviderOptions = {}): Promise<DevProvider> {
  const options = resolveProfile(input)
  const requested = options.clients ?? [DEFAULT_CLIENT]
  if (requested.length === 0) throw new TypeError('clients must not be empty')
  const clients: readonly DevClient[] = options.requireDpop
    ? requested.map((client) => ({ ...client, dpopBoundAccessTokens: true }))
    : requested
  const quiet = options.quiet ?? false
  const routes = routesFor(options.auth0Paths ?? false)
  const log = new RequestLog(options.onRequest)
  const faults = new FaultSwitches()
  const dpopNonceSecret = randomBytes(32)
  const iatWindow = nonNegativeInteger('dpop.iatWindow', options.dpop?.iatWindow ?? 60)
  const configuration = providerConfiguration({
    clients,
    accessTokenTtl: positiveInteger('accessTokenTtl', options.accessTokenTtl ?? 3600),
    refreshTokenTtl: positiveInteger('refreshTokenTtl', options.refreshTokenTtl ?? 14 * DAY),
    autoConsent: options.autoConsent ?? true,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    refreshTokens: options.refreshTokens ?? true,
    requirePar: options.requirePar ?? false,
    jwtAccessTokens: options.jwtAccessTokens ?? false,
    strictResourceIndicators: options.strictResourceIndicators ?? false,
    requireDpopNonce: options.dpop?.requireNonce ?? false,
    dpopNonceSecret,
    routes,
  })

  // The issuer contains the port, which port 0 only reveals once listening: listen first.
  let handler: RequestListener = (_req, res) => sendJson(res, 503, { error: 'temporarily_unavailable' })
  const listening = await listenOnLocalhost((req, res) => handler(req, res), options.port ?? 9000)
  const origin = `http://localhost:${listening.port}`
  const basePath = options.issuerPath ?? ''
  const baseUrl = `${origin}${basePath}`
  const issuer = options.issuerTrailingSlash ? `${baseUrl}/` : baseUrl
  try {
    const provider = await createProvider(issuer, configuration)
    provider.on('server_error', (_ctx: unknown, error: unknown) => {
      if (!quiet) console.error('lanyard-dev-provider: server_error', error)
    })
    const [signingKey] = configuration.jwks?.keys ?? []
    if (!signingKey) throw new Error('dev provider: no signing key')
    const use = (middleware: Middleware) =>
      (provider as unknown as { use(fn: Middleware): void }).use(middleware)
    // Test-only faults that alter the provider's own answers (ID tokens, authorization responses).
    use(faultMiddleware({ switches: faults, issuer, tokenPath: routes.token, signingKey: signingKey as JWK }))
    if (options.issParameter === false) use(withoutIssParameter(issuer))
    const cors = new Cors(new Set(clients.flatMap(clientOrigins)))
    const apiMe = createApiMe({
      tokens: { provider, issuer, signingKey: signingKey as JWK },
      baseUrl,
      nonces: new DpopNonces(dpopNonceSecret),
      requireNonce: options.dpop?.resourceNonce ?? false,
      iatWindow,
    })
    const hosts = allowedHosts(listening.port, options.allowedHosts)
    handler = createHandler({ provider, routes, cors, log, faults, quiet, apiMe, hosts, basePath })
  } catch (error) {
    await listening.close()
    throw error
  }

  return {
    issuer,
    origin,
    baseUrl,
    port: listening.port,
    clients,
    get requests() {
      return log.entries
    },
    clearRequests: () => log.clear(),
    setFaults: (next) => faults.set(next),
    get faults() {
      return faults.state
    },
    close: () => listening.close(),
  }
}
