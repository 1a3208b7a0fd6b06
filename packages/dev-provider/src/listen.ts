import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Servers bound to the loopback addresses behind `localhost`. */
export interface Listening {
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

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
    // Keep-alive sockets and hung requests (the `hang` fault) would otherwise hold close() forever.
    server.closeAllConnections()
  })
}

// `localhost` resolves to 127.0.0.1, ::1 or both depending on the machine and the client (Chromium
// tries both, node's fetch takes the resolver's first answer): serve the same port on both.
async function listenOnce(handler: RequestListener, port: number): Promise<Listening> {
  const v4 = createServer(handler)
  await listen(v4, port, '127.0.0.1')
  const actualPort = (v4.address() as AddressInfo).port
  const v6 = createServer(handler)
  try {
    await listen(v6, actualPort, '::1')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // No IPv6 loopback on this machine: 127.0.0.1 alone is localhost.
    if (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT') {
      await closeServer(v4)
      throw error
    }
  }
  return {
    port: actualPort,
    close: async () => {
      await Promise.all([closeServer(v4), closeServer(v6)])
    },
  }
}

/** Listen on localhost (IPv4 and IPv6 loopback); port 0 picks a port free on both. */
export async function listenOnLocalhost(handler: RequestListener, port: number): Promise<Listening> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await listenOnce(handler, port)
    } catch (error) {
      // A random port free on 127.0.0.1 may be taken on ::1: pick another.
      const retry = port === 0 && attempt < 5 && (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      if (!retry) throw error
    }
  }
}
