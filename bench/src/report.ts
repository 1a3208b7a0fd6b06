// Turns the measurements into markdown tables (stdout and RESULTS.md) and checks the targets the
// issue set. Nothing here fails the run: a benchmark reports, it does not assert.
import { ROUNDS, type LatencyRow } from './latency.ts'
import type { Machine } from './machine.ts'
import type { Sample, SessionRuns } from './sessions.ts'
import type { SizeRow } from './size.ts'
import { median } from './stats.ts'
import { CALLS_PER_TAB, TABS, type StormRows } from './storm.ts'
import { targets } from './targets.ts'

export interface Results {
  machine?: Machine
  sizes?: SizeRow[]
  latency?: LatencyRow[]
  sessions?: SessionRuns[]
  storms?: StormRows[]
  settings: { runs: number; stormRuns: number; calls: number; warmup: number }
  /** Why the browser sections did not run (Chromium missing, a port taken, …). */
  error?: string
}

const int = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US')
const dec = (n: number | undefined, digits: number) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits)

/** A markdown table; `align` per column (default: first left, others right). */
export function table(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const a = align ?? header.map((_, i) => (i === 0 ? 'l' : 'r'))
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(a.map((x) => (x === 'r' ? '---:' : ':---'))), ...rows.map(line)].join('\n')
}

// ---------------------------------------------------------------------------------------------- size

function sizeTable(sizes: SizeRow[]): string {
  const byName = new Map(sizes.map((r) => [r.name, r]))
  const rows = sizes.map((r) => {
    const base = r.base ? byName.get(r.base) : undefined
    const extra = base?.gzip !== undefined && r.gzip !== undefined ? `+${int(r.gzip - base.gzip)}` : ''
    return r.error
      ? [r.name, 'error', '', '', '', r.error.slice(0, 120)]
      : [
          r.name,
          int(r.minified),
          int(r.gzip),
          int(r.brotli),
          extra,
          r.lazyGzip ? `+${int(r.lazyGzip)} gzip lazy` : '',
        ]
  })
  return table(['entry', 'minified', 'gzip -9', 'brotli', 'React over vanilla (gzip)', 'note'], rows, [
    'l',
    'r',
    'r',
    'r',
    'r',
    'l',
  ])
}

// ------------------------------------------------------------------------------------------- latency

function latencyTable(rows: LatencyRow[]): string {
  const lanyard = rows.find((r) => r.name.startsWith('Lanyard'))
  return table(
    ['SDK (storage)', 'call', 'median µs', 'p99 µs', 'mean µs', '× Lanyard (median)', 'provider requests'],
    rows.map((r) =>
      r.error
        ? [r.name, r.call, 'error', '', '', '', r.error.slice(0, 120)]
        : [
            r.name,
            `\`${r.call}\``,
            dec(r.median, 2),
            dec(r.p99, 0),
            dec(r.mean, 2),
            lanyard && !Number.isNaN(lanyard.median) ? `${dec(r.median / lanyard.median, 1)}×` : '–',
            String(r.providerRequests),
          ],
    ),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
  )
}

// ------------------------------------------------------------------------------ warm start and login

const SHORT: [RegExp, string][] = [
  [/^GET \/\.well-known\/openid-configuration /, 'discovery'],
  [/^GET \/jwks /, 'jwks'],
  [/^OPTIONS /, 'preflight'],
  [/^POST \/(oauth\/)?token /, 'token'],
  [/^GET \/(auth|authorize)\b/, 'authorize'],
  [/^GET \/(me|userinfo) /, 'userinfo'],
]
const short = (request: string) => SHORT.find(([re]) => re.test(request))?.[1] ?? request

/** "2 (discovery, token)" from the run with the median count. */
function requestsCell(samples: Sample[]): string {
  if (samples.length === 0) return '–'
  const counts = samples.map((s) => s.requests.length)
  const m = median(counts)
  const typical = samples.find((s) => s.requests.length === m) ?? samples[0]
  const spread =
    Math.min(...counts) === Math.max(...counts) ? '' : ` [${Math.min(...counts)}–${Math.max(...counts)}]`
  const names = typical?.requests.map(short) ?? []
  return `${m}${spread}${names.length ? ` (${names.join(', ')})` : ''}`
}

function statusCell(samples: Sample[]): string {
  const signedIn = samples.filter((s) => s.status === 'authenticated').length
  if (samples.length === 0) return '–'
  if (signedIn === samples.length) return 'signed in'
  if (signedIn === 0) {
    const errors = [...new Set(samples.map((s) => s.error).filter(Boolean))]
    return `**not signed in**${errors.length ? ` (${errors.join(', ')})` : ''}`
  }
  return `signed in ${signedIn}/${samples.length}`
}

const msCell = (samples: Sample[], field: 'ms' | 'tokenMs' = 'ms') => {
  const ms = samples.map((s) => s[field]).filter((n): n is number => n !== undefined && !Number.isNaN(n))
  if (ms.length === 0) return '–'
  return `${dec(median(ms), 1)} [${dec(Math.min(...ms), 1)}–${dec(Math.max(...ms), 1)}]`
}

/** "1.4×": this row's median time over Lanyard's on the same page. */
function timesLanyard(sessions: SessionRuns[], row: Sample[], page: 'login' | 'reload' | 'newTab') {
  const lanyard = sessions.find((s) => s.variant.sdk === 'Lanyard')?.[page]
  const [mine, theirs] = [lanyard, row].map((samples) => median((samples ?? []).map((s) => s.ms)))
  return mine === undefined || theirs === undefined || Number.isNaN(theirs / mine)
    ? '–'
    : `${dec(theirs / mine, 2)}×`
}

function warmTable(sessions: SessionRuns[]): string {
  const rows: string[][] = []
  for (const s of sessions) {
    for (const [page, samples, name] of [
      ['reload', s.reload, 'reload'],
      ['newTab', s.newTab, 'new tab'],
    ] as const) {
      rows.push([
        s.name,
        name,
        statusCell(samples),
        msCell(samples),
        timesLanyard(sessions, samples, page),
        msCell(samples, 'tokenMs'),
        requestsCell(samples),
      ])
    }
    if (s.error) rows.push([s.name, 'error', s.error.slice(0, 160), '', '', '', ''])
  }
  return table(
    [
      'SDK (storage)',
      'page',
      'result',
      'ms median [min–max]',
      '× Lanyard',
      'first token, ms median [min–max]',
      'provider requests',
    ],
    rows,
    ['l', 'l', 'l', 'r', 'r', 'r', 'l'],
  )
}

function loginTable(sessions: SessionRuns[]): string {
  return table(
    [
      'SDK (storage)',
      'result',
      'ms median [min–max]',
      '× Lanyard',
      'first token, ms median [min–max]',
      'provider requests (callback page)',
      'before: login page',
    ],
    sessions.map((s) => [
      s.name,
      statusCell(s.login),
      msCell(s.login),
      timesLanyard(sessions, s.login, 'login'),
      msCell(s.login, 'tokenMs'),
      requestsCell(s.login),
      requestsCell(s.prep),
    ]),
    ['l', 'l', 'r', 'r', 'r', 'l', 'l'],
  )
}

// --------------------------------------------------------------------------------------------- storm

function stormTable(storms: StormRows[]): string {
  const cell = (values: number[]) => {
    if (values.length === 0) return '–'
    const lo = Math.min(...values)
    const hi = Math.max(...values)
    return lo === hi ? String(lo) : `${median(values)} [${lo}–${hi}]`
  }
  return table(
    [
      'SDK (storage)',
      'provider requests (all)',
      'token requests',
      '`invalid_grant` answers',
      `failed calls (of ${TABS * CALLS_PER_TAB})`,
      'session alive after',
      'errors seen by the app',
    ],
    storms.map((s) => [
      s.name,
      cell(s.runs.map((r) => r.providerRequests)),
      cell(s.runs.map((r) => r.tokenRequests)),
      cell(s.runs.map((r) => r.invalidGrant)),
      cell(s.runs.map((r) => r.failedCalls)),
      `${s.runs.filter((r) => r.sessionAlive).length}/${s.runs.length}`,
      [...new Set(s.runs.flatMap((r) => r.errors))].join(', ') + (s.error ? ` ${s.error.slice(0, 160)}` : ''),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
  )
}

// ------------------------------------------------------------------------------------------- targets

function targetTable(r: Results): string {
  return table(
    ['target', 'measured', 'met'],
    targets(r).map((t) => [
      t.target,
      t.measured,
      t.met === undefined ? 'not measured' : t.met ? 'met' : '**missed**',
    ]),
    ['l', 'l', 'l'],
  )
}

// --------------------------------------------------------------------------------------------- whole

/** The tables, as printed to stdout and embedded in RESULTS.md. */
export function tables(r: Results): string {
  const { runs, stormRuns, calls, warmup } = r.settings
  const parts: string[] = []
  if (r.sizes)
    parts.push(
      '### 1. Size (bytes)\n\nesbuild `--bundle --minify`, ESM, browser, react external, code splitting as an app bundler does; the same features in every entry (src/size-entries/). A row counts what a page load needs (the entry chunk and what it imports statically); chunks only a dynamic `import()` reaches are in the note (Lanyard: the protocol, and DPoP proofs, loaded on first need or when the page is idle). The "every chunk" rows count the whole SDK.\n\n' +
        sizeTable(r.sizes),
    )
  if (r.latency)
    parts.push(
      `### 2. Cached token latency (µs per call)\n\n${int(calls)} calls per SDK after ${int(warmup)} warm-up calls, in ${ROUNDS} rounds that rotate through the SDKs; signed in, cross-origin isolated page. ` +
        'Median: per-call time of 100-call batches. p99: single calls (5 µs clock steps). ' +
        'Provider requests: during the timed calls (0 = every call was a cache hit). ' +
        `Floor (an empty async function, same loop): ${dec(median(r.latency.map((l) => l.floor).filter((f) => !Number.isNaN(f))), 2)} µs.\n\n` +
        latencyTable(r.latency),
    )
  if (r.sessions)
    parts.push(
      `### 3. Warm start (signed in, then reload / open a new tab)\n\nScript start → start-up settled, medians of ${runs} runs; × Lanyard: the row's median over Lanyard's on the same page. First token: script start → the app's first token call (made as soon as start-up says signed in) resolved.\n\n` +
        warmTable(r.sessions),
    )
  if (r.storms)
    parts.push(
      `### 4. Refresh storm (${TABS} tabs × ${CALLS_PER_TAB} concurrent token calls after expiry)\n\nRefresh-token rotation with reuse detection on; ${stormRuns} storms per SDK, median [min–max].\n\n` +
        stormTable(r.storms),
    )
  if (r.sessions)
    parts.push(
      `### 5. Login cost (callback URL load → authenticated)\n\nMedians of ${runs} logins through the provider's form, each in a fresh profile. First token: script start → the app's first token call resolved. Provider requests: those of the callback page (from its script start), and before: what the SDK sent from the login page before it left for the provider.\n\n` +
        loginTable(r.sessions),
    )
  parts.push('### Targets\n\n' + targetTable(r))
  return parts.join('\n\n')
}
