import type { IncomingMessage, ServerResponse } from 'node:http'

/** Headers a page may read from our own routes' responses. */
const EXPOSED = 'WWW-Authenticate, DPoP-Nonce'

/** CORS for the routes in front of oidc-provider (`/api/me`, `/__lanyard/*`, injected faults). */
export class Cors {
  constructor(private readonly origins: ReadonlySet<string>) {}

  /** Allow the request's origin on this response if it belongs to a client; foreign origins get no CORS headers. */
  apply(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('vary', 'Origin')
    const origin = req.headers.origin
    if (origin && this.origins.has(origin)) {
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('access-control-expose-headers', EXPOSED)
    }
  }

  /** Answer a preflight (`Authorization` and `DPoP` headers included); true when the request was one. */
  preflight(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false
    this.apply(req, res)
    if (res.hasHeader('access-control-allow-origin')) {
      res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE')
      res.setHeader('access-control-allow-headers', 'Authorization, DPoP, Content-Type')
      res.setHeader('access-control-max-age', '600')
    }
    res.writeHead(204).end()
    return true
  }
}
