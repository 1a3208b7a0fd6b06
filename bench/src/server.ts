// A tiny static server for the benchmark pages (the approach of e2e/serve.mjs): node:http on both
// loopback addresses (`localhost` may resolve to either). /<page>.html is generated from PAGES and
// never cached; the scripts (/chunks/<name>-<hash>.js, build-pages.ts) are served as an app's
// hashed assets are, cacheable for a year and immutable, so a reload or a second page takes them
// from the browser's cache (and V8's code cache) for every SDK alike. They are read once, at start,
// so the server's disk reads do not time the pages. Under /coi/ the same files come with COOP +
// COEP, making the page cross-origin isolated (finer performance.now()).
import { readdir, readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { PRELOADS_FILE, type PageFiles } from './build-pages.ts'
import { PAGES, type PageName } from './env.ts'

const COI_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
}

// The inline script marks "script start": everything after it (fetching and evaluating the SDK's
// modules, then its start-up) counts towards the warm-start and login times. The entry's static
// chunks are preloaded, as Vite's HTML does.
const html = (name: PageName, { entry, preloads }: PageFiles) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench: ${name}</title>
${preloads.map((href) => `    <link rel="modulepreload" href="${href}">\n`).join('')}  </head>
  <body>
    <pre id="status">loading</pre>
    <script>window.__benchScriptStart = performance.now(); window.__benchScriptStartEpoch = Date.now()</script>
    <script type="module" src="${entry}"></script>
  </body>
</html>
`

const NOT_CACHED = 'no-store'
const IMMUTABLE = 'public, max-age=31536000, immutable'

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  coi: boolean,
  cache = NOT_CACHED,
) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': cache,
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
  const pages = JSON.parse(await readFile(`${bundleDir}/${PRELOADS_FILE}`, 'utf8')) as Record<
    string,
    PageFiles
  >
  const scripts = new Map<string, Buffer>()
  for (const file of await readdir(`${bundleDir}/chunks`)) {
    if (file.endsWith('.js')) scripts.set(`/chunks/${file}`, await readFile(`${bundleDir}/chunks/${file}`))
  }
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost')
    const coi = pathname.startsWith('/coi/')
    const path = coi ? pathname.slice('/coi'.length) : pathname
    const page = /^\/([a-z0-9-]+)\.html$/.exec(path)?.[1] as PageName | undefined
    const script = scripts.get(path)
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'GET only\n', false)
    if (page && PAGES.includes(page) && pages[page]) {
      return send(res, 200, 'text/html; charset=utf-8', html(page, pages[page]), coi)
    }
    if (script) return send(res, 200, 'text/javascript; charset=utf-8', script, coi, IMMUTABLE)
    return send(res, 404, 'text/plain', 'not found\n', false)
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
