// A tiny static server for the benchmark pages (the approach of e2e/serve.mjs): node:http on both
// loopback addresses (`localhost` may resolve to either), nothing cached. /<page>.html is generated
// from PAGES; /<page>.js is the page's bundle (build-pages.ts). Under /coi/ the same files come with
// COOP + COEP, making the page cross-origin isolated (finer performance.now()).
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { PRELOADS_FILE } from './build-pages.ts'
import { PAGES, type PageName } from './env.ts'

const COI_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

// The inline script marks "script start": everything after it (fetching and evaluating the SDK's
// modules, then its start-up) counts towards the warm-start and login times. The entry's static
// chunks are preloaded, as Vite's HTML does.
const html = (name: PageName, preloads: string[]) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench: ${name}</title>
${preloads.map((href) => `    <link rel="modulepreload" href="${href}">\n`).join('')}  </head>
  <body>
    <pre id="status">loading</pre>
    <script>window.__benchScriptStart = performance.now(); window.__benchScriptStartEpoch = Date.now()</script>
    <script type="module" src="/${name}.js"></script>
  </body>
</html>
`

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, coi: boolean) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...(coi ? COI_HEADERS : {}),
  })
  res.end(body)
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

export interface StaticServer {
  close(): Promise<void>
}

export async function startStaticServer(port: number, bundleDir: string): Promise<StaticServer> {
  const preloads = JSON.parse(await readFile(`${bundleDir}/${PRELOADS_FILE}`, 'utf8')) as Record<
    string,
    string[]
  >
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost')
    const match = /^(\/coi)?\/(chunks\/[A-Za-z0-9_-]+|[a-z0-9-]+)\.(html|js)$/.exec(pathname)
    const name = match?.[2]
    const isChunk = name?.startsWith('chunks/') && match?.[3] === 'js'
    if (req.method !== 'GET' || !match || !name || !(isChunk || PAGES.includes(name as PageName))) {
      return send(res, 404, 'text/plain', 'not found\n', false)
    }
    const coi = match[1] === '/coi'
    if (match[3] === 'html') {
      return send(res, 200, 'text/html; charset=utf-8', html(name as PageName, preloads[name] ?? []), coi)
    }
    readFile(`${bundleDir}/${name}.js`).then(
      (body) => send(res, 200, 'text/javascript; charset=utf-8', body, coi),
      () => send(res, 500, 'text/plain', `${name}.js is not built\n`, coi),
    )
  }
  const servers = [createServer(handler)]
  await listen(servers[0] as Server, port, '127.0.0.1')
  const v6 = createServer(handler)
  try {
    await listen(v6, port, '::1')
    servers.push(v6)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT') throw error
  }
  return {
    close: () =>
      Promise.all(
        servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()).closeAllConnections())),
      ).then(() => undefined),
  }
}
