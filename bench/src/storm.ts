// 4. Refresh storm: one profile, signed in once, the SDK's page open in 5 tabs sharing the SDK's
// storage. Once every tab sees its access token as stale, all 5 tabs fire 20 concurrent token
// calls at the same wall-clock instant. The provider rotates refresh tokens and treats reuse of a
// rotated one as theft (invalid_grant, and the whole grant revoked). Counted: token requests
// (POST to the token endpoint; CORS preflights are not token requests), invalid_grant answers,
// calls that failed in the pages, and whether the session still works afterwards: one more token
// call in the first tab, and that token checked at the provider's GET /api/me.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { logIn, newContext, settled } from './browser.ts'
import { CLIENT_ID, pageUrl } from './env.ts'
import type { StormResult } from './pages/harness.ts'
import { describeRequests, type Provider, type ProviderKey } from './providers.ts'
import { label, type Variant } from './variants.ts'

export const TABS = 5
export const CALLS_PER_TAB = 20

export interface StormRun {
  /** Every request the provider received during the storm (discovery, preflights, …). */
  providerRequests: number
  tokenRequests: number
  invalidGrant: number
  /** Other non-200 answers of the token endpoint. */
  otherErrors: number
  failedCalls: number
  calls: number
  /** Distinct error descriptions seen by the pages. */
  errors: string[]
  /** A token call after the storm worked and its token was accepted by GET /api/me. */
  sessionAlive: boolean
  /** The provider's log over the storm (`METHOD /path status`). */
  requests: string[]
}

export interface StormRows {
  name: string
  variant: Variant
  runs: StormRun[]
  error?: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits (polling the page every 100 ms) until its SDK would refresh instead of using its cache. */
async function waitUntilStale(page: Page): Promise<void> {
  const deadline = Date.now() + 120_000
  for (;;) {
    const staleAt = await page.evaluate(() => window.bench.staleAt())
    if (staleAt !== undefined && Date.now() / 1000 > staleAt + 0.1) return
    if (Date.now() > deadline) throw new Error(`the token never went stale (staleAt ${staleAt})`)
    await sleep(100)
  }
}

/** The OAuth `error` of each failed token response, observed (not intercepted) in the context. */
function watchTokenErrors(context: BrowserContext, provider: Provider): string[] {
  const errors: string[] = []
  context.on('response', (response) => {
    const url = new URL(response.url())
    if (url.origin !== provider.issuer || url.pathname !== provider.tokenPath) return
    if (response.request().method() !== 'POST' || response.status() === 200) return
    response.json().then(
      (body: { error?: string }) => errors.push(body.error ?? `HTTP ${response.status()}`),
      () => errors.push(`HTTP ${response.status()}`),
    )
  })
  return errors
}

async function stormOnce(browser: Browser, provider: Provider, v: Variant): Promise<StormRun> {
  const context = await newContext(browser, { issuer: provider.issuer, clientId: CLIENT_ID, cache: v.cache })
  try {
    const first = await context.newPage()
    await first.goto(pageUrl(v.page))
    await settled(first)
    await logIn(first, provider.issuer)
    const tabs = [first]
    while (tabs.length < TABS) {
      const tab = await context.newPage()
      await tab.goto(pageUrl(v.page))
      const s = await settled(tab)
      if (s.status !== 'authenticated')
        throw new Error(`tab ${tabs.length + 1} is ${s.status} ${s.error ?? ''}`)
      tabs.push(tab)
    }
    await Promise.all(tabs.map(waitUntilStale))
    await provider.quiet(200)
    provider.clear()
    const pageErrors = watchTokenErrors(context, provider)

    const at = Date.now() + 300
    const results: StormResult[] = await Promise.all(
      tabs.map((tab) => tab.evaluate(([n, t]) => window.bench.storm(n, t), [CALLS_PER_TAB, at] as const)),
    )
    await provider.quiet(500)
    const log = provider.requests()
    const tokenPosts = log.filter((r) => r.method === 'POST' && r.path === provider.tokenPath)
    const errors = results.flatMap((r) => r.errors)

    // Does the app still have a working session? (Reuse detection revokes the whole grant.)
    let sessionAlive = false
    try {
      const token = await first.evaluate(() => window.bench.token())
      const me = await fetch(`${provider.issuer}/api/me`, { headers: { authorization: `Bearer ${token}` } })
      sessionAlive = me.ok
    } catch {
      sessionAlive = false
    }
    return {
      providerRequests: log.length,
      tokenRequests: tokenPosts.length,
      invalidGrant: pageErrors.filter((e) => e === 'invalid_grant').length,
      otherErrors:
        tokenPosts.filter((r) => r.status !== 200).length -
        pageErrors.filter((e) => e === 'invalid_grant').length,
      failedCalls: errors.length,
      calls: TABS * CALLS_PER_TAB,
      errors: [...new Set(errors)],
      sessionAlive,
      requests: describeRequests(log),
    }
  } finally {
    await context.close()
  }
}

export async function measureStorms(
  browser: Browser,
  providers: Map<ProviderKey, Provider>,
  variants: readonly Variant[],
  runs: number,
): Promise<StormRows[]> {
  const out: StormRows[] = []
  for (const v of variants) {
    const provider = providers.get(v.provider)
    if (!provider) throw new Error(`provider ${v.provider} not started`)
    const row: StormRows = { name: label(v), variant: v, runs: [] }
    out.push(row)
    for (let run = 0; run < runs; run++) {
      try {
        row.runs.push(await stormOnce(browser, provider, v))
      } catch (error) {
        row.error = `run ${run + 1}: ${String(error)}`
        break
      }
    }
  }
  return out
}
