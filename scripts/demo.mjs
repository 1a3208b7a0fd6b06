#!/usr/bin/env node
// `pnpm demo`: starts the dev provider (http://localhost:9000) and the demo app (Vite + React,
// http://localhost:5173) together, prints the URL, and stops both on Ctrl-C. No build step: the demo
// imports the SDK from its TypeScript source, and the provider runs from source through tsx.
//
// With VITE_LANYARD_ISSUER set (Auth0, Keycloak, …) only the demo starts. Extra flags go to the dev
// provider, e.g. `pnpm demo --access-token-ttl 30` to watch renewals sooner.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const DEMO_URL = 'http://localhost:5173'
const PROVIDER_URL = 'http://localhost:9000'
// Short enough to see the countdown reach the automatic renewal (a minute before expiry).
const ACCESS_TOKEN_TTL = '300'

const customIssuer = process.env.VITE_LANYARD_ISSUER?.trim()
const providerArgs = process.argv.slice(2)

async function answers(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok
  } catch {
    return false
  }
}

const children = []
let stopping = false

function run(name, args, options = {}) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', ...options })
  child.on('exit', (code, signal) => {
    if (stopping) return
    console.error(`\n  ${name} stopped (${signal ?? `exit code ${code}`}); stopping the demo.\n`)
    void stop(code || 1)
  })
  children.push(child)
  return child
}

async function stop(code = 0) {
  if (stopping) return
  stopping = true
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null)
  for (const child of running) child.kill('SIGTERM')
  const timeout = new Promise((resolve) => setTimeout(resolve, 5000).unref())
  await Promise.race([Promise.all(running.map((child) => once(child, 'exit'))), timeout])
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  process.exit(code)
}
process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))

async function waitFor(url, what) {
  const deadline = Date.now() + 60_000
  while (!(await answers(url))) {
    if (stopping) return
    if (Date.now() > deadline) {
      console.error(`\n  ${what} did not answer at ${url} within 60 s.\n`)
      return stop(1)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

if (await answers(DEMO_URL)) {
  console.error(
    `\n  ${DEMO_URL} is already taken (another \`pnpm demo\`, or an e2e run?). Stop it and retry.\n`,
  )
  await stop(1)
}

const discovery = `${PROVIDER_URL}/.well-known/openid-configuration`
let issuer = customIssuer
if (!customIssuer) {
  issuer = PROVIDER_URL
  if (await answers(discovery)) {
    console.log(`  A dev provider is already running at ${PROVIDER_URL}; using it.`)
  } else {
    run('the dev provider', [
      'packages/dev-provider/bin/lanyard-dev-provider.js',
      '--port',
      '9000',
      '--access-token-ttl',
      ACCESS_TOKEN_TTL,
      ...providerArgs,
    ])
  }
}

// Vite's own CLI, run by node directly so that stopping it needs no shell or package manager.
run('vite', [join(root, 'demo/node_modules/vite/bin/vite.js')], { cwd: join(root, 'demo') })

if (!customIssuer) await waitFor(discovery, 'The dev provider')
await waitFor(DEMO_URL, 'The demo')
if (!stopping) {
  console.log(`
  ┌──────────────────────────────────────────────────────────────┐
  │  Lanyard demo:  ${DEMO_URL.padEnd(45)}│
  │  issuer:        ${issuer.slice(0, 45).padEnd(45)}│
  │  ${(customIssuer ? 'signs in at your provider' : 'any username and password sign in').padEnd(60)}│
  │  Ctrl-C stops everything                                     │
  └──────────────────────────────────────────────────────────────┘
`)
}
