// `pnpm bench`: Lanyard side by side with its peers, in one run on this machine. Prints markdown
// tables; a complete run also writes bench/RESULTS.md and bench/results/results.json.
//
//   pnpm bench                                 everything (a few minutes on 2 cores)
//   pnpm bench -- --only size,latency          some sections (sizes, latency, sessions, storm);
//                                              prints only, RESULTS.md is left alone
//   pnpm bench -- --runs 21 --storm-runs 3 --calls 10000
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { launchBrowser } from './browser.ts'
import { BUNDLE_DIR, buildPages } from './build-pages.ts'
import { STATIC_PORT } from './env.ts'
import { measureLatency } from './latency.ts'
import { describeMachine, loadAverage } from './machine.ts'
import { startProviders, stopProviders, type ProviderKey } from './providers.ts'
import { tables, type Results } from './report.ts'
import { resultsMarkdown } from './results-markdown.ts'
import { startStaticServer } from './server.ts'
import { measureSessions } from './sessions.ts'
import { measureSizes } from './size.ts'
import { measureStorms } from './storm.ts'
import { SESSION_VARIANTS, SINGLE_TAB_VARIANTS, STORM_VARIANTS } from './variants.ts'

const SECTIONS = ['size', 'latency', 'sessions', 'storm'] as const

// `pnpm bench -- --only x` passes the `--` through: it separates nothing here.
const args = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'))
const { values } = parseArgs({
  args,
  options: {
    only: { type: 'string' },
    // 21 logins, reloads and new tabs per SDK: on a shared 2-core machine 5 gave medians that moved
    // by a third from one run to the next, and 15 still flipped close ratios between runs.
    runs: { type: 'string', default: '21' },
    'storm-runs': { type: 'string', default: '3' },
    calls: { type: 'string', default: '10000' },
  },
})
const only = values.only?.split(',').map((s) => s.trim()) ?? [...SECTIONS]
for (const s of only) {
  if (!(SECTIONS as readonly string[]).includes(s))
    throw new TypeError(`--only: unknown section ${s} (${SECTIONS.join(', ')})`)
}
const wants = (s: (typeof SECTIONS)[number]) => only.includes(s)
const positive = (name: string, value: string) => {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n <= 0) throw new TypeError(`--${name} must be a positive integer`)
  return n
}
const settings = {
  runs: positive('runs', values.runs),
  stormRuns: positive('storm-runs', values['storm-runs']),
  calls: positive('calls', values.calls),
  warmup: 1_000,
}
const complete = SECTIONS.every(wants)
const started = Date.now()
const log = (message: string) =>
  console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`)

const results: Results = { settings }

if (wants('size')) {
  log('size: bundling each entry')
  results.sizes = await measureSizes()
}

/** Latency, sessions and storm: pages, providers and Chromium, always torn down again. */
async function runBrowserSections(keys: ProviderKey[]): Promise<void> {
  const server = await startStaticServer(STATIC_PORT, BUNDLE_DIR)
  const providers = await startProviders(keys).catch(async (error: unknown) => {
    await server.close()
    throw error
  })
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await stopProviders(providers)
    await server.close()
    throw error
  })
  try {
    results.machine = describeMachine(browser.version())
    if (wants('latency')) {
      log(`latency: ${settings.calls} cached-token calls per SDK`)
      results.latency = await measureLatency(
        browser,
        providers,
        SINGLE_TAB_VARIANTS,
        settings.calls,
        settings.warmup,
      )
    }
    if (wants('sessions')) {
      log(`warm start and login cost: ${settings.runs} runs per SDK`)
      results.sessions = await measureSessions(browser, providers, SESSION_VARIANTS, settings.runs)
    }
    if (wants('storm')) {
      log(`refresh storm: ${settings.stormRuns} storms per SDK`)
      results.storms = await measureStorms(browser, providers, STORM_VARIANTS, settings.stormRuns)
    }
  } finally {
    await browser.close()
    await stopProviders(providers)
    await server.close()
  }
}

if (wants('latency') || wants('sessions') || wants('storm')) {
  log('building the benchmark pages')
  await buildPages()
  const keys: ProviderKey[] = []
  if (wants('latency') || wants('sessions')) keys.push('standard', 'auth0')
  if (wants('storm')) keys.push('storm65', 'stormAuth0', 'storm5')
  try {
    await runBrowserSections(keys)
  } catch (error) {
    results.error = error instanceof Error ? (error.stack ?? error.message) : String(error)
  }
}

results.machine ??= describeMachine('not launched')
results.machine.loadAverageEnd = loadAverage()

console.log(tables(results))
if (results.error) {
  log(`the browser benchmarks could not run:\n${results.error}`)
  process.exitCode = 1
} else if (complete) {
  const benchDir = fileURLToPath(new URL('..', import.meta.url))
  writeFileSync(`${benchDir}/RESULTS.md`, resultsMarkdown(results))
  mkdirSync(`${benchDir}/results`, { recursive: true })
  writeFileSync(`${benchDir}/results/results.json`, JSON.stringify(results, null, 2) + '\n')
  log('wrote bench/RESULTS.md and bench/results/results.json')
} else {
  log('partial run (--only): RESULTS.md not written')
}
log('done')
