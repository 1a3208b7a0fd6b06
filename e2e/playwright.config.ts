import { defineConfig, devices } from '@playwright/test'
import { existsSync } from 'node:fs'
import { APP_ORIGIN, DISCOVERY_URL, OTHER_ORIGIN } from './support/env'
import { DEMO_ORIGIN } from './support/demo-env'

const CI = !!process.env.CI

// Prefer a system Chromium (Debian's `chromium` package: no browser download), else Playwright's own
// (`pnpm --filter @lanyard/e2e exec playwright install chromium`).
const chromium = process.env.LANYARD_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : '')
if (process.env.LANYARD_CHROMIUM && !existsSync(process.env.LANYARD_CHROMIUM)) {
  throw new Error(`LANYARD_CHROMIUM=${process.env.LANYARD_CHROMIUM} does not exist`)
}

// Keep the browser off the outside world and quiet. Only localhost resolves: the dev provider's login
// pages import web fonts, which then fail fast instead of hanging or leaking. Interception
// (page.route / context.route) is never used: with it on, Playwright answers CORS preflights itself
// and hides exactly the bugs these tests exist to catch.
const isolation = [
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
]
const launchOptions = chromium
  ? { executablePath: chromium, args: ['--headless', '--no-sandbox', '--disable-gpu', ...isolation] }
  : { args: isolation }

const staticServer = (origin: string) => ({
  name: `pages ${new URL(origin).port}`,
  command: `node serve.mjs --port ${new URL(origin).port}`,
  url: `${origin}/smoke.html`,
  reuseExistingServer: !CI,
  timeout: 15_000,
})

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  // One worker: the dev provider (sessions, grants, request log) is shared state across tests.
  fullyParallel: false,
  workers: 1,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
  use: {
    baseURL: APP_ORIGIN,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions } }],
  webServer: [
    {
      name: 'dev-provider',
      command: 'node ../packages/dev-provider/bin/lanyard-dev-provider.js --port 9000 --quiet',
      url: DISCOVERY_URL,
      reuseExistingServer: !CI,
      timeout: 60_000,
    },
    staticServer(APP_ORIGIN),
    staticServer(OTHER_ORIGIN),
    {
      // The demo app (Vite dev server: React StrictMode, the SDK from source), for demo*.spec.ts.
      name: 'demo',
      command: 'node node_modules/vite/bin/vite.js',
      cwd: '../demo',
      url: DEMO_ORIGIN,
      reuseExistingServer: !CI,
      timeout: 60_000,
    },
  ],
})
