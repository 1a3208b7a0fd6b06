#!/usr/bin/env node
// A tiny static server for the e2e pages (node:http, no dependencies).
//
//   node e2e/serve.mjs --port 4173
//
// Serves e2e/pages/ at http://localhost:<port>/ ("/" and directories map to index.html), and
// /lanyard.iife.js (+ .map) from packages/browser/dist/ (built by `pnpm build`). Query strings
// and fragments are ignored, so /callback.html?code=…&state=… is just callback.html. Nothing is
// cached. Binds to loopback only (127.0.0.1, and ::1 when the machine has it).
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const pagesDir = join(here, 'pages')
const browserDist = join(here, '..', 'packages', 'browser', 'dist')

/** URL path → file outside pages/. */
const mounts = {
  '/lanyard.iife.js': join(browserDist, 'lanyard.iife.js'),
  '/lanyard.iife.js.map': join(browserDist, 'lanyard.iife.js.map'),
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
}

function parseArgs(argv) {
  let port = 4173
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') port = Number(argv[++i])
    else if (argv[i]?.startsWith('--port=')) port = Number(argv[i].slice('--port='.length))
    else if (argv[i] === '--help') {
      console.log('usage: node e2e/serve.mjs [--port 4173]')
      process.exit(0)
    } else {
      console.error(`serve.mjs: unknown argument ${argv[i]}`)
      process.exit(2)
    }
  }
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error('serve.mjs: --port needs a port number')
    process.exit(2)
  }
  return { port }
}

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(body)
}

/** Maps a request path to a file, or null when it would leave pages/. */
function resolvePage(pathname) {
  let decoded
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const file = normalize(join(pagesDir, decoded))
  if (file !== pagesDir && !file.startsWith(pagesDir + sep)) return null
  return decoded.endsWith('/') ? join(file, 'index.html') : file
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    return send(res, 405, 'method not allowed\n')
  }
  const { pathname } = new URL(req.url ?? '/', 'http://localhost')

  const mounted = mounts[pathname]
  if (mounted) {
    try {
      const body = await readFile(mounted)
      return sendFile(req, res, mounted, body)
    } catch {
      return send(
        res,
        500,
        `${pathname}: ${mounted} is missing. run pnpm build (the e2e pages load the IIFE bundle of @lanyard/browser).\n`,
      )
    }
  }

  let file = resolvePage(pathname)
  if (!file) return send(res, 404, 'not found\n')
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
    return sendFile(req, res, file, await readFile(file))
  } catch {
    return send(res, 404, `not found: ${pathname}\n`)
  }
}

function sendFile(req, res, file, body) {
  res.writeHead(200, {
    'Content-Type': types[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': body.byteLength,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Pages named coop-* isolate themselves, as an app with COOP does: a popup landing there loses
    // its opener (the popup-under-COOP tests).
    ...(/\/coop-[^/]*$/.test(file) && { 'Cross-Origin-Opener-Policy': 'same-origin' }),
  })
  res.end(req.method === 'HEAD' ? undefined : body)
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (error) => reject(error)
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve(server)
    })
  })
}

const { port } = parseArgs(process.argv.slice(2))
const handler = (req, res) => {
  handle(req, res).catch((error) => {
    if (!res.headersSent) send(res, 500, `internal error: ${error?.message ?? error}\n`)
    else res.destroy()
  })
}

// `localhost` may resolve to either loopback address (browsers try both), so listen on both.
const servers = [await listen(createServer(handler), port, '127.0.0.1')]
try {
  servers.push(await listen(createServer(handler), port, '::1'))
} catch (error) {
  if (error.code !== 'EADDRNOTAVAIL' && error.code !== 'EAFNOSUPPORT') throw error
}
console.log(`e2e pages on http://localhost:${port}/`)

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const server of servers) server.close()
    process.exit(0)
  })
}
