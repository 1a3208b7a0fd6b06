// Turns the measurements into markdown tables (stdout and RESULTS.md) and checks the targets the
// issue set. Nothing here fails the run: a benchmark reports, it does not assert.
import { ROUNDS, type LatencyRow } from './latency.ts'
import type { Machine } from './machine.ts'
import type { Sample, SessionRuns } from './sessions.ts'
import type { SizeRow } from './size.ts'
import { median } from './stats.ts'
import { CALLS_PER_TAB, TABS, type StormRows } from './storm.ts'

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

function table(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
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

const msCell = (samples: Sample[]) => {
  if (samples.length === 0) return '–'
  const ms = samples.map((s) => s.ms)
  return `${dec(median(ms), 1)} [${dec(Math.min(...ms), 1)}–${dec(Math.max(...ms), 1)}]`
}

function warmTable(sessions: SessionRuns[]): string {
  const rows: string[][] = []
  for (const s of sessions) {
    rows.push([s.name, 'reload', statusCell(s.reload), msCell(s.reload), requestsCell(s.reload)])
    rows.push([s.name, 'new tab', statusCell(s.newTab), msCell(s.newTab), requestsCell(s.newTab)])
    if (s.error) rows.push([s.name, 'error', s.error.slice(0, 160), '', ''])
  }
  return table(['SDK (storage)', 'page', 'result', 'ms median [min–max]', 'provider requests'], rows, [
    'l',
    'l',
    'l',
    'r',
    'l',
  ])
}

function loginTable(sessions: SessionRuns[]): string {
  return table(
    ['SDK (storage)', 'result', 'ms median [min–max]', 'provider requests'],
    sessions.map((s) => [s.name, statusCell(s.login), msCell(s.login), requestsCell(s.login)]),
    ['l', 'l', 'r', 'l'],
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
      'token requests',
      '`invalid_grant` answers',
      `failed calls (of ${TABS * CALLS_PER_TAB})`,
      'session alive after',
      'errors seen by the app',
    ],
    storms.map((s) => [
      s.name,
      cell(s.runs.map((r) => r.tokenRequests)),
      cell(s.runs.map((r) => r.invalidGrant)),
      cell(s.runs.map((r) => r.failedCalls)),
      `${s.runs.filter((r) => r.sessionAlive).length}/${s.runs.length}`,
      [...new Set(s.runs.flatMap((r) => r.errors))].join(', ') + (s.error ? ` ${s.error.slice(0, 160)}` : ''),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'l'],
  )
}

// ------------------------------------------------------------------------------------------- targets

export interface Target {
  target: string
  measured: string
  met: boolean | undefined
}

export function targets(r: Results): Target[] {
  const out: Target[] = []
  const size = (name: string) => r.sizes?.find((s) => s.name === name)?.gzip
  const vanilla = size('Lanyard')
  const react = size('@lanyard/react')
  if (r.sizes) {
    out.push({
      target: 'Lanyard vanilla ≤ 14,000 B gzip',
      measured: `${int(vanilla)} B`,
      met: vanilla === undefined ? undefined : vanilla <= 14_000,
    })
    out.push({
      target: '@lanyard/react ≤ +1,500 B gzip over vanilla',
      measured: vanilla !== undefined && react !== undefined ? `+${int(react - vanilla)} B` : 'not measured',
      met: vanilla !== undefined && react !== undefined ? react - vanilla <= 1_500 : undefined,
    })
  }
  if (r.latency) {
    const lanyard = r.latency.find((l) => l.name.startsWith('Lanyard'))
    const peers = r.latency.filter((l) => !l.name.startsWith('Lanyard') && !Number.isNaN(l.median))
    const fastest = peers.sort((a, b) => a.median - b.median)[0]
    const ratio = lanyard && fastest ? fastest.median / lanyard.median : NaN
    out.push({
      target: 'cached token ≥ 3× faster than the fastest peer',
      measured: fastest
        ? `${dec(ratio, 1)}× (${dec(lanyard?.median, 2)} µs vs ${fastest.name} ${dec(fastest.median, 2)} µs, medians)`
        : 'not measured',
      met: Number.isNaN(ratio) ? undefined : ratio >= 3,
    })
  }
  if (r.sessions) {
    const lanyard = r.sessions.find((s) => s.variant.sdk === 'Lanyard')
    const counts = lanyard?.reload.map((s) => s.requests.length) ?? []
    const signedIn = lanyard?.reload.every((s) => s.status === 'authenticated') ?? false
    out.push({
      target: 'warm start (reload) with 0 provider requests',
      measured: counts.length
        ? `${counts.join(', ')} requests in ${counts.length} reloads${signedIn ? '' : ', not always signed in'}`
        : 'not measured',
      met: counts.length ? signedIn && counts.every((c) => c === 0) : undefined,
    })
  }
  if (r.storms) {
    const lanyard = r.storms.find((s) => s.variant.sdk === 'Lanyard')
    const counts = lanyard?.runs.map((x) => x.tokenRequests) ?? []
    out.push({
      target: `1 token request per storm (${TABS} tabs × ${CALLS_PER_TAB} calls)`,
      measured: counts.length ? `${counts.join(', ')} in ${counts.length} storms` : 'not measured',
      met: counts.length
        ? counts.every((c) => c === 1) && !!lanyard?.runs.every((x) => x.failedCalls === 0)
        : undefined,
    })
  }
  return out
}

function targetTable(r: Results): string {
  return table(
    ['target', 'measured', 'met'],
    targets(r).map((t) => [
      t.target,
      t.measured,
      t.met === undefined ? 'not measured' : t.met ? 'yes' : '**no**',
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
      '### 1. Size (bytes)\n\nesbuild `--bundle --minify`, ESM, browser, react external; the same features in every entry (src/size-entries/).\n\n' +
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
      `### 3. Warm start (signed in, then reload / open a new tab)\n\nScript start → start-up settled, medians of ${runs} runs.\n\n` +
        warmTable(r.sessions),
    )
  if (r.storms)
    parts.push(
      `### 4. Refresh storm (${TABS} tabs × ${CALLS_PER_TAB} concurrent token calls after expiry)\n\nRefresh-token rotation with reuse detection on; ${stormRuns} storms per SDK, median [min–max].\n\n` +
        stormTable(r.storms),
    )
  if (r.sessions)
    parts.push(
      `### 5. Login cost (callback URL load → authenticated)\n\nMedians of ${runs} logins through the provider's form.\n\n` +
        loginTable(r.sessions),
    )
  parts.push('### Targets\n\n' + targetTable(r))
  return parts.join('\n\n')
}

// --------------------------------------------------------------------------------------- RESULTS.md

const NOTES = `## How these were measured, and what could not be

- **One run, one machine**: every number above comes from the same \`pnpm bench\` run. Times are
  wall-clock on a small shared VM (its load average at the start and end is recorded above): compare
  rows with each other, not with another run.
- **Pages**: each browser benchmark uses one page per SDK (\`src/pages/\`), bundled with esbuild
  (minified IIFE, production builds; Lanyard from its TypeScript source), served from
  \`http://localhost:4273\` by a tiny node server, in headless Debian Chromium with no outside network
  and no request interception. The SDKs sign in against \`@lanyard/dev-provider\` (node
  \`oidc-provider\`) through its login form; auth0-spa-js against an instance serving Auth0's paths
  (\`/authorize\`, \`/oauth/token\`, \`/v2/logout\`, \`/oauth/revoke\`). Every scenario starts from a fresh
  browser profile.
- **Script start** is an inline script just before the SDK bundle's \`<script>\` tag, so warm-start
  and login times include fetching (locally) and evaluating the SDK's bundle.
- **Provider requests** are the provider's own request log (CORS preflights included, shown as
  \`preflight\`), counted until it has been quiet for 300 ms.
- **Latency**: all four pages stay open and the 10,000 calls per SDK run in 5 rounds that rotate
  through the SDKs, so a noisy moment on the machine hits every SDK alike. A cached-token call takes
  a few µs, while Chromium's \`performance.now()\` moves in 5 µs steps even on a cross-origin-isolated
  page (100 µs otherwise). The median is therefore taken over 100-call batches (per-call time = batch
  time / 100), and the p99 over 10,000 individually timed calls, where it is a multiple of 5 µs. The
  same batches of an empty async function give the floor (loop + await) that every row includes; it
  is printed with the table.
- **Login cost** for auth0-spa-js includes a CORS preflight: it sends an \`Auth0-Client\` header with
  its token requests, which makes them non-simple requests (later ones reuse the cached preflight).
- **auth0-spa-js 2.28.3** (peers.md) cannot be installed: it depends on \`@auth0/auth0-auth-js@^1.16.1\`,
  which the npm registry does not have (latest 1.16.0). 2.27.0, the newest that installs, is measured;
  auth0-react 2.27.0 uses it.
- **auth0-spa-js and an http issuer**: it expects the ID token's \`iss\` to be \`\${domain}/\` with a
  trailing slash, and its \`issuer\` option only accepts https. The dev provider's issuer is
  \`http://localhost:PORT\` (no slash), so the bench page sets the client's expected issuer to it after
  construction (\`tokenIssuer\`): a string compare, nothing else changes. Its \`domain\` is the full
  \`http://localhost:PORT\` URL, which it uses as is.
- **auth0-spa-js with the memory cache** keeps nothing across a reload or into a new tab. Its fallback
  (\`useRefreshTokensFallback\`) is a hidden iframe with \`response_mode=web_message\`, which the dev
  provider does not offer (and which blocked third-party cookies break in production), so the app has
  to send the user through a login redirect again: the row shows "not signed in" and what it cost to
  find out. Its cache treats a token as expired 60 s before \`exp\` (fixed).
- **oidc-client-ts in a new tab**: its sessionStorage store is per tab, so the page calls
  \`signinSilent()\` when nothing is stored, which (without a refresh token) is the hidden-iframe
  \`prompt=none\` flow. That works here only because \`localhost\` pages and provider are same-site; with
  third-party cookies blocked (Safari, Brave, Firefox) it fails and a full login redirect is needed.
- **Storm**: the 5 tabs must share the session, so auth0-spa-js uses its localStorage cache and
  oidc-client-ts a localStorage user store (its docs' way to share a user across tabs). Tokens go stale
  5 s after they are issued for each SDK (65 s tokens for Lanyard's default 60 s leeway and
  auth0-spa-js's fixed 60 s margin, 5 s tokens for oidc-client-ts, which has no margin). The runner
  polls each tab until its SDK considers the token stale, then all tabs fire at one wall-clock instant.
  "Session alive after" = one more token call in the first tab, and that token accepted by the
  provider's \`GET /api/me\` (reuse of a rotated refresh token revokes the whole grant).
  auth0-spa-js 2.27 holds a Web Lock (\`navigator.locks\`) around its refresh and re-reads its cache
  inside it, so its localStorage configuration makes one request too. Its memory cache shares nothing
  between tabs (each tab would need its own login), so that configuration is not stormed.
- **msal-browser and okta-auth-js** are measured for size only (as the issue asks); okta-auth-js is shown
  both through \`@okta/okta-auth-js/core\` (its smallest entry with these features) and its default entry.
- Benchmarks are not tests: \`pnpm test\` asserts none of these numbers.
`

export function resultsMarkdown(r: Results): string {
  const m = r.machine
  const machine = m
    ? table(
        ['', ''],
        [
          ['date', m.date],
          ['OS', m.os],
          ['CPU', `${m.cpu}, ${m.cores} cores (nproc)`],
          ['memory', `${m.memoryGiB} GiB`],
          [
            'load average (1, 5, 15 min)',
            `${m.loadAverage.join(', ')} at start; ${m.loadAverageEnd?.join(', ') ?? '?'} at the end`,
          ],
          ['Node', m.node],
          ['Chromium', m.chromium],
          ['esbuild', m.esbuild],
          ['Lanyard', m.lanyard],
          ...Object.entries(m.packages).map(([name, version]) => [name, version]),
        ],
        ['l', 'l'],
      )
    : ''
  return `# Lanyard benchmark results

Written by \`pnpm bench\` (bench/src/main.ts); raw numbers in \`bench/results/results.json\`.
Do not edit by hand: run it again.

## Machine and versions

${machine}

## Results

${tables(r)}

${NOTES}`
}
