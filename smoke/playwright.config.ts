import { defineConfig, devices } from '@playwright/test'
import { existsSync } from 'node:fs'

// A system Chromium when there is one (Debian's `chromium`), else Playwright's own; as in e2e/.
const chromium = process.env.LANYARD_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : '')

// Only localhost resolves: the provider's pages ask for web fonts, which then fail fast.
const isolation = [
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
]

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  // Packs, installs and builds the app, then serves it and the packed dev provider on free ports.
  globalSetup: './setup/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { headless: true, trace: 'retain-on-failure', actionTimeout: 10_000, navigationTimeout: 15_000 },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromium
          ? { executablePath: chromium, args: ['--headless', '--no-sandbox', '--disable-gpu', ...isolation] }
          : { args: isolation },
      },
    },
  ],
})
