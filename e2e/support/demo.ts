// The demo app (demo/: Vite dev server, React StrictMode, the SDK from its TypeScript source) for
// tests/demo*.spec.ts, with a dev provider of its own. Both start in the test process, once per
// worker, on free ports: Vite in middleware mode behind a server of ours, so that its port is known
// before the provider's client is registered and before Vite reads the issuer (VITE_LANYARD_ISSUER,
// from an env directory of the worker's own: the developer's demo/.env.local never leaks in).
//
//   import { expect, test } from '../support/demo.ts'
//
//   test('…', async ({ page, demo }) => {
//     await openDemo(page, demo)
//     await demo.provider.signIn(page, { start: () => page.getByRole('button', { name: 'Sign in with redirect' }).click() })
//   })
import type { RequestListener } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BrowserContext, Page } from '@playwright/test'
import type * as Vite from 'vite'
import { listenOnLocalhost, startTestProvider, type TestProvider } from '@lanyard/dev-provider/playwright'
import { CLIENT_ID } from './env.ts'
import { expect as baseExpect, test as base } from './fixtures.ts'

/** The running demo: where it is, and its own dev provider. */
export interface DemoApp {
  /** `http://localhost:PORT`. */
  origin: string
  /** The home page, `${origin}/`: also the post-logout redirect URI. */
  home: string
  /** Its dev provider, whose `lanyard-dev` client allows exactly this demo (redirect URIs, CORS). */
  provider: TestProvider
}

const demoDir = fileURLToPath(new URL('../../demo/', import.meta.url))

/** The demo's own Vite (demo/package.json), not whichever one the test process would find. */
async function loadVite(): Promise<typeof Vite> {
  const resolved = createRequire(join(demoDir, 'package.json')).resolve('vite')
  return (await import(pathToFileURL(resolved).href)) as typeof Vite
}

async function serveDemo(parallelIndex: number, use: (demo: DemoApp) => Promise<void>): Promise<void> {
  let handler: RequestListener = (_req, res) => void res.writeHead(503).end()
  const server = await listenOnLocalhost((req, res) => handler(req, res), 0)
  const origin = `http://localhost:${server.port}`
  const envDir = await mkdtemp(join(tmpdir(), 'lanyard-e2e-demo-'))
  let provider: TestProvider | undefined
  let vite: Vite.ViteDevServer | undefined
  try {
    provider = await startTestProvider({
      clients: [
        {
          clientId: CLIENT_ID,
          redirectUris: [`${origin}/callback`, `${origin}/`],
          postLogoutRedirectUris: [`${origin}/`],
        },
      ],
    })
    await writeFile(join(envDir, '.env'), `VITE_LANYARD_ISSUER=${provider.issuer}\n`)
    const { createServer } = await loadVite()
    vite = await createServer({
      root: demoDir,
      envDir,
      // One optimized-deps cache per parallel worker: two Vite servers never write the same one.
      cacheDir: join(demoDir, 'node_modules', '.vite-e2e', String(parallelIndex)),
      server: { middlewareMode: true, hmr: false, ws: false },
      logLevel: 'warn',
      clearScreen: false,
    })
    handler = vite.middlewares
    await use({ origin, home: `${origin}/`, provider })
  } finally {
    await vite?.close()
    await provider?.close()
    await server.close()
    await rm(envDir, { recursive: true, force: true })
  }
}

export const test = base.extend<{ demo: DemoApp }, { demoServer: DemoApp }>({
  demoServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires object destructuring here
    async ({}, use, workerInfo) => serveDemo(workerInfo.parallelIndex, use),
    { scope: 'worker', timeout: 60_000 },
  ],
  demo: async ({ demoServer }, use) => {
    demoServer.provider.reset()
    try {
      await use(demoServer)
    } finally {
      demoServer.provider.setFaults({})
    }
  },
})

// Every demo page load comes from Vite's dev server: some 90 modules transformed on demand and
// fetched one by one, seconds when two workers share two cores (a callback page seen taking 4.9 s to
// its token request). An expectation that spans a page load (back from the provider, a reload)
// gets that time; nothing else waits longer.
export const expect = baseExpect.configure({ timeout: 15_000 })

/** The session state shown in the header: `data-status` on `[data-testid=status]`. */
export async function expectStatus(
  page: Page,
  status: 'loading' | 'authenticated' | 'unauthenticated',
  timeout?: number,
): Promise<void> {
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', status, timeout ? { timeout } : {})
}

/** Opens a demo page and waits until the session is known. */
export async function openDemo(page: Page, demo: DemoApp, path = '/'): Promise<void> {
  await page.goto(`${demo.origin}${path}`)
  await expect(page.getByTestId('status')).not.toHaveAttribute('data-status', 'loading')
}

/** The code exchanges and refreshes the demo made (`POST` to the token endpoint). */
export function tokenRequests(demo: DemoApp) {
  return demo.provider.requestsTo(demo.provider.metadata.token_endpoint, 'POST')
}

/** Records every request the browser context sends to the provider, from any of its pages. */
export function watchProviderRequests(
  context: BrowserContext,
  demo: DemoApp,
): { urls: string[]; stop: () => void } {
  const urls: string[] = []
  const listener = (request: { url(): string; method(): string }) => {
    if (new URL(request.url()).origin === demo.provider.origin)
      urls.push(`${request.method()} ${request.url()}`)
  }
  context.on('request', listener)
  return { urls, stop: () => context.off('request', listener) }
}
