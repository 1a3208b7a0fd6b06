import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type Provider from 'oidc-provider'
import { enterBasePath } from './base-path.ts'
import type { Cors } from './cors.ts'
import { sendTokenFault } from './faults.ts'
import { checkHost } from './host-check.ts'
import { sendJson } from './http.ts'
import type { Routes } from './routes.ts'
import { TEST_PREFIX, testRoutes, type TestState } from './test-routes.ts'

/** What the request handler needs. */
export interface HandlerOptions extends TestState {
  provider: Provider
  routes: Routes
  cors: Cors
  quiet: boolean
  /** `Host` header values to answer (see host-check.ts). */
  hosts: ReadonlySet<string>
  /** The issuer's path (`/oidc`), or '' when the issuer is the origin. */
  basePath: string
  /** `GET /api/me` (see api-me.ts). */
  apiMe: (req: IncomingMessage, res: ServerResponse) => Promise<void>
}

/** Auth0's logout takes `returnTo`; oidc-provider wants `post_logout_redirect_uri`. */
function translateReturnTo(req: IncomingMessage): void {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const returnTo = url.searchParams.get('returnTo')
  if (returnTo === null || url.searchParams.has('post_logout_redirect_uri')) return
  url.searchParams.delete('returnTo')
  url.searchParams.set('post_logout_redirect_uri', returnTo)
  req.url = `${url.pathname}${url.search}`
}

type Next = (req: IncomingMessage, res: ServerResponse) => Promise<void>

async function dispatch(
  options: HandlerOptions,
  next: Next,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { routes, cors, faults } = options
  if (!checkHost(req, res, options.hosts)) return
  const requested = req.url ?? '/'
  if (!enterBasePath(req, options.basePath)) return sendJson(res, 404, { error: 'not_found' })
  const path = (req.url ?? '/').split('?')[0] ?? '/'

  // The test routes are not logged, so reading the log does not change it.
  if (path.startsWith(TEST_PREFIX)) {
    if (cors.preflight(req, res)) return
    cors.apply(req, res)
    return testRoutes(options, path, req, res)
  }
  // Logged as requested, the issuer's path included.
  options.log.track(req, res, requested)

  if (path === '/api/me') {
    if (cors.preflight(req, res)) return
    cors.apply(req, res)
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET' })
    return options.apiMe(req, res)
  }
  const tokenFault = path === routes.token && req.method === 'POST' ? faults.fire('token') : undefined
  if (tokenFault) {
    cors.apply(req, res)
    return sendTokenFault(tokenFault, res)
  }
  if (path === '/v2/logout' && routes.end_session === path) translateReturnTo(req)
  // Everything else is oidc-provider's (a Koa app).
  return next(req, res)
}

/** The server's request handler: our routes in front of oidc-provider. */
export function createHandler(options: HandlerOptions): RequestListener {
  const provider = options.provider.callback()
  return (req, res) => {
    dispatch(options, provider, req, res).catch((error: unknown) => {
      if (!options.quiet) console.error('lanyard-dev-provider:', error)
      if (res.headersSent) res.destroy()
      else sendJson(res, 500, { error: 'server_error' })
    })
  }
}
