import { defineConfig, devices } from '@playwright/test'
import { existsSync } from 'node:fs'
import type { DevProviderOptions } from '@lanyard/dev-provider/playwright'
import { APP_ORIGIN, OTHER_ORIGIN } from './support/env.ts'
import { PROFILES, type E2eProfile } from './support/profiles.ts'

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
const browser = { ...devices['Desktop Chrome'], launchOptions }

// The e2e pages: stateless, so one server per origin serves every worker. Each worker starts its
// own dev providers (and the demo) in process, on free ports (support/fixtures.ts, support/demo.ts).
const staticServer = (origin: string) => ({
  name: `pages ${new URL(origin).port}`,
  command: `node serve.mjs --port ${new URL(origin).port}`,
  url: `${origin}/smoke.html`,
  reuseExistingServer: !CI,
  timeout: 15_000,
})

/**
 * The core flows against one provider profile (support/profiles.ts), with 60 s access tokens: the
 * refresh flow moves the page's clock past their expiry (a jump short enough that the ID tokens
 * issued meanwhile, which live an hour, are still valid in the page's time).
 */
const profileProject = (profile: E2eProfile) => ({
  name: `profile:${profile.name}`,
  testMatch: 'profile-flows.spec.ts',
  use: { ...browser, profile, devProviderOptions: { ...profile.provider, accessTokenTtl: 60 } },
})

export default defineConfig<object, { profile: E2eProfile; devProviderOptions: DevProviderOptions }>({
  testDir: 'tests',
  outputDir: 'test-results',
  globalSetup: './global-setup.ts',
  // Tests share nothing across workers (each has its own providers); within a worker, one at a time.
  fullyParallel: false,
  ...(CI ? { workers: 2 } : {}),
  forbidOnly: CI,
  // A flake is a bug to find, not to retry.
  retries: 0,
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
  projects: [
    { name: 'chromium', testIgnore: 'profile-flows.spec.ts', use: browser },
    ...PROFILES.map(profileProject),
  ],
  webServer: [staticServer(APP_ORIGIN), staticServer(OTHER_ORIGIN)],
})
