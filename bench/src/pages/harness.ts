// The part of every benchmark page that is not the SDK: reads the configuration the runner put in
// `window.__benchConfig` (an init script, so it survives redirects and reaches new tabs), runs the
// SDK's start-up, and exposes `window.bench` for the runner to drive with page.evaluate().
export type Status = 'loading' | 'authenticated' | 'unauthenticated' | 'error'

export interface BenchConfig {
  issuer: string
  clientId: string
  /** The SDK's storage variant: 'indexeddb' | 'memory' | 'localstorage' | 'sessionstorage'. */
  cache: string
}

/** What each SDK page implements, in the way that SDK's documentation tells apps to. */
export interface Sdk {
  /** Completes a callback in the URL, else restores the session. */
  init(): Promise<boolean>
  /** Starts a redirect login. */
  login(): Promise<void>
  /** The app's "give me an access token" call. */
  token(): Promise<string>
  /** Epoch seconds from which the SDK no longer hands out its cached token (refreshes instead). */
  staleAt(): Promise<number | undefined>
}

export interface StormResult {
  ok: number
  errors: string[]
  tokens: string[]
}

export interface LatencyRun {
  /** µs per call, each call timed on its own (performance.now() steps: 5 µs isolated, else 100 µs). */
  single: number[]
  /** µs per call, from consecutive batches of `batch` calls (fine-grained, robust to the clock step). */
  batched: number[]
  /** The same batches for an empty async function: the measurement floor. */
  floor: number[]
  isolated: boolean
}

export interface BenchApi {
  status: Status
  error?: string
  /** performance.now() of the inline script just before the bundle's <script> tag. */
  scriptStart: number
  /** performance.now() when start-up settled (authenticated or not). */
  settledAt?: number
  /** performance.now() when the first token call after a signed-in start-up resolved. */
  tokenAt?: number
  tokenError?: string
  /** Date.now() at script start: the wall clock the provider's request log uses too. */
  scriptStartEpoch: number
  login(): Promise<void>
  token(): Promise<string>
  staleAt(): Promise<number | undefined>
  latency(calls: number, warmup: number, batch: number): Promise<LatencyRun>
  storm(calls: number, atEpochMs: number): Promise<StormResult>
}

declare global {
  interface Window {
    bench: BenchApi
    __benchConfig?: BenchConfig
    __benchScriptStart?: number
    __benchScriptStartEpoch?: number
  }
}

export function config(): BenchConfig {
  const c = window.__benchConfig
  if (!c) throw new Error('no window.__benchConfig: the runner sets it with an init script')
  return c
}

/** The page's own URL without query or fragment: every page is its own redirect URI. */
export const here = () => location.origin + location.pathname

/** Strips `code`/`state`/`iss` after a callback the SDK does not clean up itself. */
export const cleanUrl = () => history.replaceState(null, '', location.pathname)

export const isCallback = () => {
  const p = new URLSearchParams(location.search)
  return p.has('state') && (p.has('code') || p.has('error'))
}

/** A short name for an error from any of the SDKs: Lanyard `code`, OAuth `error`, or `name`. */
export function describe(error: unknown): string {
  const e = error as { code?: unknown; error?: unknown; name?: unknown; message?: unknown } | undefined
  const parts = [e?.code, e?.error].filter((p) => typeof p === 'string' && p)
  if (parts.length) return parts.join(':')
  return String(e?.name ?? e?.message ?? error)
}

export function run(sdk: Sdk): void {
  const show = (text: string) => {
    const el = document.getElementById('status')
    if (el) el.textContent = text
  }
  const api: BenchApi = {
    status: 'loading',
    scriptStart: window.__benchScriptStart ?? 0,
    scriptStartEpoch: window.__benchScriptStartEpoch ?? Date.now(),
    login: () => sdk.login(),
    token: () => sdk.token(),
    staleAt: () => sdk.staleAt(),
    async latency(calls, warmup, batch) {
      const token = () => sdk.token()
      const empty = async () => ''
      // Warm-up first, so the JIT and the SDK's own caches are in their steady state.
      for (let i = 0; i < warmup; i++) await token()
      for (let i = 0; i < warmup; i++) await empty()
      const single = new Array<number>(calls)
      for (let i = 0; i < calls; i++) {
        const t = performance.now()
        await token()
        single[i] = (performance.now() - t) * 1000
      }
      const batches = async (fn: () => Promise<string>) => {
        const perCall: number[] = []
        for (let b = 0; b < calls / batch; b++) {
          const t = performance.now()
          for (let i = 0; i < batch; i++) await fn()
          perCall.push(((performance.now() - t) * 1000) / batch)
        }
        return perCall
      }
      const batched = await batches(token)
      const floor = await batches(empty)
      return { single, batched, floor, isolated: window.crossOriginIsolated }
    },
    async storm(calls, atEpochMs) {
      // All tabs fire at the same wall-clock instant, not when the runner's evaluate() reaches them.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, atEpochMs - Date.now())))
      const results = await Promise.allSettled(Array.from({ length: calls }, () => sdk.token()))
      const tokens: string[] = []
      const errors: string[] = []
      for (const r of results) {
        if (r.status === 'fulfilled') tokens.push(r.value)
        else errors.push(describe(r.reason))
      }
      return { ok: tokens.length, errors, tokens: [...new Set(tokens)] }
    },
  }
  window.bench = api
  sdk.init().then(
    (authenticated) => {
      api.settledAt = performance.now()
      api.status = authenticated ? 'authenticated' : 'unauthenticated'
      show(api.status)
      // What an app does next: its first API call's token. (A cached one: no provider request.)
      if (authenticated) {
        sdk.token().then(
          () => (api.tokenAt = performance.now()),
          (error: unknown) => (api.tokenError = describe(error)),
        )
      }
    },
    (error: unknown) => {
      api.settledAt = performance.now()
      api.status = 'error'
      api.error = describe(error)
      show(`error: ${api.error}`)
    },
  )
}
