// `pnpm --filter @lanyard/bench profile [lanyard|oidc] [runs]`: where Lanyard's start-up time goes, in Chromium.
// Signs in once, then loads the callback page, reloads and opens new tabs with every IndexedDB
// open / transaction, WebCrypto call, BroadcastChannel and fetch timed (an init script wraps them and
// records performance.now() marks relative to the page's script start). Prints one timeline per
// scenario (the median run's). A tool for finding what serializes, not a benchmark.
import type { Page } from 'playwright-core'
import { launchBrowser, logIn, newContext, settled } from './browser.ts'
import { BUNDLE_DIR, buildPages } from './build-pages.ts'
import { CLIENT_ID, STATIC_PORT, pageUrl } from './env.ts'
import { startProviders, stopProviders } from './providers.ts'
import { startStaticServer } from './server.ts'

interface Mark {
  at: number
  what: string
}

/**
 * Runs in the page before any script: wraps the APIs start-up uses and records when they run. Plain
 * JavaScript in a string: tsx would add helpers to a function that the page does not have.
 */
const INSTRUMENT = `(() => {
  const marks = (window.__marks = [])
  const mark = (what) => marks.push({ at: performance.now(), what })
  const wrapAsync = (target, name, label) => {
    const original = target[name]
    target[name] = function (...args) {
      mark(label + ' start')
      return original.apply(this, args).finally(() => mark(label + ' done'))
    }
  }
  const open = IDBFactory.prototype.open
  IDBFactory.prototype.open = function (...args) {
    mark('idb open start')
    const request = open.apply(this, args)
    request.addEventListener('success', () => mark('idb open done'))
    return request
  }
  const transaction = IDBDatabase.prototype.transaction
  let n = 0
  IDBDatabase.prototype.transaction = function (...args) {
    const id = ++n
    const tx = transaction.apply(this, args)
    mark('idb tx' + id + ' ' + tx.mode + ' start')
    tx.addEventListener('complete', () => mark('idb tx' + id + ' complete'))
    return tx
  }
  // Which records each transaction touches (key prefixes only: the names, never values).
  for (const op of ['get', 'put', 'delete', 'getAllKeys']) {
    const original = IDBObjectStore.prototype[op]
    IDBObjectStore.prototype[op] = function (...args) {
      const key = op === 'put' ? args[1] : args[0]
      mark('idb   ' + op + ' ' + String(key ?? '').split('|')[0].slice(0, 40))
      return original.apply(this, args)
    }
  }
  // Web Storage: a page's first use of localStorage / sessionStorage loads the area synchronously.
  for (const op of ['getItem', 'setItem', 'removeItem']) {
    const original = Storage.prototype[op]
    Storage.prototype[op] = function (...args) {
      const which = this === window.localStorage ? 'localStorage' : 'sessionStorage'
      mark(which + ' ' + op + ' start')
      try {
        return original.apply(this, args)
      } finally {
        mark(which + ' ' + op + ' done')
      }
    }
  }
  for (const name of ['encrypt', 'decrypt', 'generateKey', 'digest', 'importKey', 'verify']) wrapAsync(crypto.subtle, name, 'crypto ' + name)
  const nativeFetch = window.fetch
  window.fetch = function (input, init) {
    const url = new URL(input instanceof Request ? input.url : String(input))
    mark('fetch ' + url.pathname + ' start')
    return nativeFetch(input, init).finally(() => mark('fetch ' + url.pathname + ' done'))
  }
  const Channel = window.BroadcastChannel
  window.BroadcastChannel = class extends Channel {
    constructor(name) {
      mark('BroadcastChannel')
      super(name)
    }
  }
  document.addEventListener('DOMContentLoaded', () => mark('DOMContentLoaded'))
})()`

async function timeline(page: Page): Promise<{ ms: number; marks: Mark[] }> {
  const s = await settled(page)
  const marks = await page.evaluate(() => {
    const w = window as unknown as {
      __marks: Mark[]
      __benchScriptStart: number
      bench: { settledAt: number; tokenAt?: number }
    }
    const scripts = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js'))
      .flatMap((e) => [
        { at: (e as PerformanceResourceTiming).requestStart, what: 'bundle request' },
        { at: (e as PerformanceResourceTiming).responseEnd, what: 'bundle received' },
      ])
    const started = performance.getEntriesByType('mark').map((e) => ({ at: e.startTime, what: e.name }))
    const token = w.bench.tokenAt === undefined ? [] : [{ at: w.bench.tokenAt, what: 'first token' }]
    return [...w.__marks, ...scripts, ...started, { at: w.bench.settledAt, what: 'settled' }, ...token].map(
      (m) => ({
        at: m.at - w.__benchScriptStart,
        what: m.what,
      }),
    )
  })
  return { ms: s.ms, marks: marks.sort((a, b) => a.at - b.at) }
}

const pageName = (process.argv[2] ?? 'lanyard') as 'lanyard' | 'oidc'
const runs = Number(process.argv[3] ?? 5)
await buildPages()
const server = await startStaticServer(STATIC_PORT, BUNDLE_DIR)
const providers = await startProviders(['standard'])
const browser = await launchBrowser()
const scenarios: Record<string, { ms: number; marks: Mark[] }[]> = { callback: [], reload: [], 'new tab': [] }
try {
  const provider = providers.get('standard')!
  for (let run = 0; run < runs; run++) {
    const context = await newContext(browser, {
      issuer: provider.issuer,
      clientId: CLIENT_ID,
      cache: pageName === 'oidc' ? 'sessionstorage' : 'indexeddb',
    })
    await context.addInitScript(INSTRUMENT)
    const page = await context.newPage()
    await page.goto(pageUrl(pageName))
    await settled(page)
    await logIn(page, provider.issuer)
    scenarios.callback!.push(await timeline(page))
    await page.reload()
    scenarios.reload!.push(await timeline(page))
    const tab = await context.newPage()
    await tab.goto(pageUrl(pageName) + (pageName === 'oidc' ? '?silent=1' : ''))
    scenarios['new tab']!.push(await timeline(tab))
    await context.close()
  }
} finally {
  await browser.close()
  await stopProviders(providers)
  await server.close()
}
for (const [name, samples] of Object.entries(scenarios)) {
  const sorted = [...samples].sort((a, b) => a.ms - b.ms)
  const median = sorted[Math.floor(sorted.length / 2)]!
  console.log(`\n## ${name}: ${sorted.map((s) => s.ms.toFixed(1)).join(', ')} ms; median run:`)
  for (const m of median.marks) console.log(`${m.at.toFixed(1).padStart(7)}  ${m.what}`)
  // Each fetch's and IndexedDB open's duration in every run: the provider's and the browser's share.
  const durations = new Map<string, string[]>()
  for (const { marks } of sorted) {
    const timed = (m: Mark) =>
      (m.what.startsWith('fetch ') || m.what === 'idb open start') && m.what.endsWith(' start')
    for (const start of marks.filter(timed)) {
      const what = start.what.slice(0, -' start'.length)
      const done = marks.find((m) => m.what === `${what} done` && m.at >= start.at)
      if (done) durations.set(what, [...(durations.get(what) ?? []), (done.at - start.at).toFixed(1)])
    }
  }
  for (const [what, list] of durations) console.log(`${what}: ${list.join(', ')} ms`)
}
