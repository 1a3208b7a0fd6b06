// Serves the built app on localhost at a port chosen by the system (no fixed port to collide on).
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
}

export interface StaticServer {
  origin: string
  close(): Promise<void>
}

function handler(root: string): RequestListener {
  return (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    let file = normalize(join(root, path))
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end()
      return
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    })
    createReadStream(file).pipe(response)
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host }, () => resolve((server.address() as AddressInfo).port))
  })
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
    server.closeAllConnections()
  })

async function listenOnce(root: string): Promise<StaticServer> {
  const v4 = createServer(handler(root))
  const port = await listen(v4, 0, '127.0.0.1')
  const v6 = createServer(handler(root))
  try {
    await listen(v6, port, '::1')
  } catch (error) {
    await close(v4)
    throw error
  }
  return {
    origin: `http://localhost:${port}`,
    close: async () => void (await Promise.all([close(v4), close(v6)])),
  }
}

/**
 * Serves `root` at `http://localhost:<port>` on 127.0.0.1 and ::1 (Chromium may take either for
 * `localhost`), on a port the system picks; another port when the first is taken on ::1.
 */
export async function serveDirectory(root: string): Promise<StaticServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await listenOnce(root)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') return listenOnIpv4Only(root)
      if (code !== 'EADDRINUSE' || attempt === 5) throw error
    }
  }
}

/** A machine without IPv6 loopback: 127.0.0.1 alone is localhost. */
async function listenOnIpv4Only(root: string): Promise<StaticServer> {
  const v4 = createServer(handler(root))
  const port = await listen(v4, 0, '127.0.0.1')
  return { origin: `http://localhost:${port}`, close: () => close(v4) }
}
