// 3. Warm start and 5. login cost, from the same runs: each run is a fresh browser profile that
// logs in through the provider's form (the callback page's start-up is the login-cost sample; the
// SDK's requests from the login page before it leaves for the provider are counted too),
// then reloads the page (warm start) and opens it in a new tab (another warm start: a new tab
// has fresh sessionStorage and memory). Times are the page's own: from the inline script before
// the SDK bundle to the end of its start-up. Requests are the provider's log: for the callback,
// those that arrived after the callback page's script start; for reload / new tab, those after
// the runner cleared the log. Each count waits for the provider to be quiet for 300 ms, so a
// request an SDK sends just after reporting "authenticated" still counts.
import type { Browser } from 'playwright-core'
import { logIn, newContext, settled, type Settled } from './browser.ts'
import { CLIENT_ID, pageUrl } from './env.ts'
import { describeRequests, type Provider, type ProviderKey } from './providers.ts'
import { label, type Variant } from './variants.ts'

export interface Sample {
  status: Settled['status']
  error?: string | undefined
  ms: number
  /** Script start → the first token call resolved (signed in only). */
  tokenMs?: number | undefined
  requests: string[]
}

export interface SessionRuns {
  name: string
  variant: Variant
  /** The login page's requests before it left for the provider (discovery, JWKS): `ms` is NaN. */
  prep: Sample[]
  login: Sample[]
  reload: Sample[]
  newTab: Sample[]
  error?: string
}

const QUIET_MS = 300

// The provider's own pages the user goes through (authorization endpoint, login form): not the SDK's.
const isInteraction = (path: string) => /^\/(auth|authorize|interaction)\b/.test(path)

async function sample(provider: Provider, s: Settled, since?: number): Promise<Sample> {
  await provider.quiet(QUIET_MS)
  const entries = provider.requests().filter((r) => since === undefined || r.time >= since)
  return {
    status: s.status,
    error: s.error,
    ms: s.ms,
    tokenMs: s.tokenMs,
    requests: describeRequests(entries),
  }
}

export async function measureSessions(
  browser: Browser,
  providers: Map<ProviderKey, Provider>,
  variants: readonly Variant[],
  runs: number,
): Promise<SessionRuns[]> {
  const out: SessionRuns[] = variants.map((v) => ({
    name: label(v),
    variant: v,
    prep: [],
    login: [],
    reload: [],
    newTab: [],
  }))
  // Rounds that rotate through the SDKs (run 1 of each, then run 2, …): a noisy moment on the
  // machine hits every SDK alike, not one SDK's block of runs.
  for (let run = 0; run < runs; run++) {
    for (const result of out) {
      if (result.error) continue
      const v = result.variant
      const provider = providers.get(v.provider)
      if (!provider) throw new Error(`provider ${v.provider} not started`)
      const context = await newContext(browser, {
        issuer: provider.issuer,
        clientId: CLIENT_ID,
        cache: v.cache,
      })
      try {
        const page = await context.newPage()
        await page.goto(pageUrl(v.page))
        await settled(page)
        await provider.quiet(QUIET_MS)
        provider.clear()
        const callback = await logIn(page, provider.issuer)
        const before = provider
          .requests()
          .filter((r) => r.time < callback.startEpoch && !isInteraction(r.path))
        result.prep.push({ status: callback.status, ms: NaN, requests: describeRequests(before) })
        result.login.push(await sample(provider, callback, callback.startEpoch))

        provider.clear()
        await page.reload()
        result.reload.push(await sample(provider, await settled(page)))

        // oidc-client-ts's page tries its iframe renewal when the (per-tab) store is empty.
        provider.clear()
        const tab = await context.newPage()
        await tab.goto(pageUrl(v.page) + (v.sdk === 'oidc-client-ts' ? '?silent=1' : ''))
        result.newTab.push(await sample(provider, await settled(tab)))
      } catch (error) {
        result.error = `run ${run + 1}: ${String(error)}`
      } finally {
        await context.close()
      }
    }
  }
  return out
}
