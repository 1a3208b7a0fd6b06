import { randomBytes } from 'node:crypto'
import type { RequestListener } from 'node:http'
import type { JWK } from 'jose'
import { createApiMe } from './api-me.js'
import { clientOrigins, DEFAULT_CLIENT } from './clients.js'
import { providerConfiguration } from './configuration.js'
import { Cors } from './cors.js'
import { DpopNonces } from './dpop-nonce.js'
import { FaultSwitches, faultMiddleware } from './faults.js'
import { sendJson } from './http.js'
import { listenOnLocalhost } from './listen.js'
import { createProvider } from './load-provider.js'
import { RequestLog } from './request-log.js'
import { routesFor } from './routes.js'
import { createHandler } from './server.js'
import type { DevProvider, DevProviderOptions } from './types.js'

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

/** Start an OpenID Connect provider and the `/api/me` resource on `http://localhost:PORT`. */
export async function startDevProvider(options: DevProviderOptions = {}): Promise<DevProvider> {
  const clients = options.clients ?? [DEFAULT_CLIENT]
  if (clients.length === 0) throw new TypeError('clients must not be empty')
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
    requireDpopNonce: options.dpop?.requireNonce ?? false,
    dpopNonceSecret,
    routes,
  })

  // The issuer contains the port, which port 0 only reveals once listening: listen first.
  let handler: RequestListener = (_req, res) => sendJson(res, 503, { error: 'temporarily_unavailable' })
  const listening = await listenOnLocalhost((req, res) => handler(req, res), options.port ?? 9000)
  const issuer = `http://localhost:${listening.port}`
  try {
    const provider = await createProvider(issuer, configuration)
    provider.on('server_error', (_ctx: unknown, error: unknown) => {
      if (!quiet) console.error('lanyard-dev-provider: server_error', error)
    })
    const [signingKey] = configuration.jwks?.keys ?? []
    if (!signingKey) throw new Error('dev provider: no signing key')
    // Test-only faults that alter the provider's own answers (ID tokens, authorization responses).
    ;(provider as unknown as { use(fn: ReturnType<typeof faultMiddleware>): void }).use(
      faultMiddleware({ switches: faults, issuer, tokenPath: routes.token, signingKey: signingKey as JWK }),
    )
    const cors = new Cors(new Set(clients.flatMap(clientOrigins)))
    const apiMe = createApiMe({
      provider,
      issuer,
      nonces: new DpopNonces(dpopNonceSecret),
      requireNonce: options.dpop?.resourceNonce ?? false,
      iatWindow,
    })
    handler = createHandler({ provider, routes, cors, log, faults, quiet, apiMe })
  } catch (error) {
    await listening.close()
    throw error
  }

  return {
    issuer,
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
