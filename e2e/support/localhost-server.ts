// An HTTP server on `localhost` for the test process (the demo app): like the dev provider's, it
// listens on both loopback addresses, since `localhost` may resolve to either (Chromium tries both).
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A server listening on `http://localhost:${port}`. */
export interface LocalhostServer {
  port: number
  close(): Promise<void>
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host }, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** Listens on a free port of 127.0.0.1 and the same port of ::1 (when the machine has IPv6). */
export async function listenOnLocalhost(handler: RequestListener): Promise<LocalhostServer> {
  for (let attempt = 1; ; attempt++) {
    const v4 = createServer(handler)
    await listen(v4, 0, '127.0.0.1')
    const { port } = v4.address() as AddressInfo
    const v6 = createServer(handler)
    try {
      await listen(v6, port, '::1')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') return { port, close: () => close(v4) }
      await close(v4)
      // Free on 127.0.0.1 but taken on ::1: pick another port.
      if (code === 'EADDRINUSE' && attempt < 5) continue
      throw error
    }
    return { port, close: async () => void (await Promise.all([close(v4), close(v6)])) }
  }
}
