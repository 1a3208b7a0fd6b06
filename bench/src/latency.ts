// 2. Cached-token latency: one signed-in page per SDK configuration, cross-origin isolated (so
// performance.now() moves in 5 µs steps instead of 100 µs). The calls are made in 5 rounds that
// rotate through the SDKs, so a noisy moment on the (shared, 2-core) machine hits every SDK alike
// rather than one of them. After 1,000 warm-up calls (200 before each later round):
// - 10,000 calls each timed on its own → p99 (and a median that the 5 µs step rounds);
// - 10,000 calls timed in batches of 100 → the median per-call time, precise below the clock step
//   (a cached-token call takes a few µs, close to the step itself);
// - the same batches of an empty async function → the floor (loop + await) every row includes.
// All calls must be cache hits: the provider's request log over the run must stay empty.
import type { Browser, Page } from 'playwright-core'
import { logIn, newContext, settled } from './browser.ts'
import { CLIENT_ID, pageUrl } from './env.ts'
import type { Provider, ProviderKey } from './providers.ts'
import { mean, median, percentile } from './stats.ts'
import { label, type Variant } from './variants.ts'

export interface LatencyRow {
  name: string
  call: string
  calls: number
  /** Median µs per call, from 100-call batches. */
  median: number
  /** p99 µs of single calls. */
  p99: number
  /** Median µs of single calls (5 µs steps). */
  singleMedian: number
  /** Mean µs per call. */
  mean: number
  /** Median µs per call of an empty async function, same loop. */
  floor: number
  /** performance.now() had 5 µs steps (the page was cross-origin isolated). */
  isolated: boolean
  /** Requests the provider saw during the timed calls (0 = all cache hits). */
  providerRequests: number
  error?: string
}

const CALLS: Record<Variant['sdk'], string> = {
  Lanyard: 'getAccessToken()',
  'auth0-spa-js': 'getTokenSilently()',
  'oidc-client-ts': 'getUser() + access_token',
  'no SDK': 'localStorage.getItem()',
}

export const BATCH = 100

export const ROUNDS = 5

interface Open {
  variant: Variant
  provider: Provider
  close(): Promise<void>
  page?: Page
  single: number[]
  batched: number[]
  floor: number[]
  isolated: boolean
  providerRequests: number
  error?: string
}

export async function measureLatency(
  browser: Browser,
  providers: Map<ProviderKey, Provider>,
  variants: readonly Variant[],
  calls: number,
  warmup: number,
): Promise<LatencyRow[]> {
  const open: Open[] = []
  try {
    for (const v of variants) {
      const provider = providers.get(v.provider)
      if (!provider) throw new Error(`provider ${v.provider} not started`)
      const context = await newContext(browser, {
        issuer: provider.issuer,
        clientId: CLIENT_ID,
        cache: v.cache,
      })
      const o: Open = {
        variant: v,
        provider,
        close: () => context.close(),
        single: [],
        batched: [],
        floor: [],
        isolated: true,
        providerRequests: 0,
      }
      open.push(o)
      try {
        const page = await context.newPage()
        await page.goto(pageUrl(v.page, true))
        await settled(page)
        await logIn(page, provider.issuer)
        await provider.quiet(200)
        o.page = page
      } catch (error) {
        o.error = String(error)
      }
    }
    const perRound = Math.ceil(calls / ROUNDS / BATCH) * BATCH
    for (let round = 0; round < ROUNDS; round++) {
      for (const o of open) {
        if (!o.page || o.error) continue
        try {
          o.provider.clear()
          const w = round === 0 ? warmup : Math.min(warmup, 200)
          const run = await o.page.evaluate(([n, w, b]) => window.bench.latency(n, w, b), [
            perRound,
            w,
            BATCH,
          ] as const)
          await o.provider.quiet(100)
          o.single.push(...run.single)
          o.batched.push(...run.batched)
          o.floor.push(...run.floor)
          o.isolated &&= run.isolated
          o.providerRequests += o.provider.requests().length
        } catch (error) {
          o.error = String(error)
        }
      }
    }
  } finally {
    for (const o of open) await o.close()
  }
  return open.map((o) => {
    const row = { name: label(o.variant), call: CALLS[o.variant.sdk], calls: o.single.length }
    if (o.error) {
      const failed = { median: NaN, p99: NaN, singleMedian: NaN, mean: NaN, floor: NaN }
      return { ...row, ...failed, isolated: false, providerRequests: o.providerRequests, error: o.error }
    }
    return {
      ...row,
      median: median(o.batched),
      p99: percentile(o.single, 99),
      singleMedian: median(o.single),
      mean: mean(o.batched),
      floor: median(o.floor),
      isolated: o.isolated,
      providerRequests: o.providerRequests,
    }
  })
}
