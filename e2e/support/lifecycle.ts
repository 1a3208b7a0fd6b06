// Helpers of the session-lifecycle spec (tests/lifecycle.spec.ts): the e2e app page with the
// session timers on, its snapshot as the SDK publishes it, and a page the test can type into. The
// providers are the usual fixtures (support/fixtures.ts); the wake tests start one of their own
// whose access tokens live WAKE_TOKEN_SECONDS.
import type { BrowserContext, Page } from '@playwright/test'
import type * as LanyardBundle from '@lanyard/browser'
import type { AuthState } from '@lanyard/browser'
import { apiMeUrl } from './dpop.ts'
import { APP_ORIGIN } from './env.ts'
import { expect, type TestProvider } from './fixtures.ts'

/** Access-token lifetime of the wake tests' provider, seconds (real time: the provider's clock). */
export const WAKE_TOKEN_SECONDS = 10

/** The status the provider's `/api/me` answers to `accessToken`, asked from the test process. */
export async function apiStatus(provider: TestProvider, accessToken: string): Promise<number> {
  const response = await fetch(apiMeUrl(provider), { headers: { authorization: `Bearer ${accessToken}` } })
  return response.status
}

declare global {
  interface Window {
    /** What `onIdleWarning` / `onSessionWarning` were called with, in order (epoch s). */
    lifecycleEvents: string[]
  }
}

/**
 * Gives every app page of `context` the session timers and records their callbacks in
 * `window.lifecycleEvents`. The app page configures its client from JSON (sessionStorage), which
 * cannot carry the `sessionTimers` object nor functions, so this wraps `Lanyard.createAuthClient`
 * as the bundle is defined — exactly what a `<script>` user writes:
 * `Lanyard.createAuthClient({ sessionTimers: Lanyard.sessionTimers, idleTimeoutSeconds: 900 })`.
 */
export async function withSessionTimers(context: BrowserContext): Promise<void> {
  await context.addInitScript((origin) => {
    if (location.origin !== origin) return
    window.lifecycleEvents = []
    type Bundle = typeof LanyardBundle
    let bundle: Bundle | undefined
    Object.defineProperty(window, 'Lanyard', {
      configurable: true,
      get: () => bundle,
      set(value: Bundle) {
        bundle = {
          ...value,
          createAuthClient: (options) =>
            value.createAuthClient({
              sessionTimers: value.sessionTimers,
              onIdleWarning: (at) => window.lifecycleEvents.push(`idle:${at}`),
              onSessionWarning: (at) => window.lifecycleEvents.push(`session:${at}`),
              ...options,
            }),
        }
      },
    })
  }, APP_ORIGIN)
}

/**
 * Adds `refresh_expires_in` to every token response the app pages receive, as Keycloak sends it
 * (its SSO Session Idle). The dev provider does not send it; the tokens and everything else are
 * the provider's own. Done inside the page (`window.fetch`), not by Playwright interception, which
 * answers CORS preflights itself.
 */
export async function withRefreshExpiresIn(context: BrowserContext, seconds: number): Promise<void> {
  await context.addInitScript(
    ({ origin, seconds }) => {
      if (location.origin !== origin) return
      const realFetch = window.fetch.bind(window)
      window.fetch = async (input, init) => {
        const response = await realFetch(input, init)
        const url = input instanceof Request ? input.url : String(input)
        if (!response.ok || !new URL(url).pathname.endsWith('/token')) return response
        const body = (await response.json()) as Record<string, unknown>
        return Response.json({ ...body, refresh_expires_in: seconds })
      }
    },
    { origin: APP_ORIGIN, seconds },
  )
}

/** What the lifecycle spec reads from `auth.getSnapshot()` (no token ever is in it). */
export type LifecycleView = Pick<
  AuthState,
  'status' | 'reason' | 'expiresAt' | 'idleExpiresAt' | 'sessionExpiresAt'
> & { sub: string | null }

/** The page's snapshot, reduced to what the spec compares. */
export function lifecycleView(page: Page): Promise<LifecycleView> {
  return page.evaluate(() => {
    const state = window.auth.getSnapshot()
    return {
      status: state.status,
      reason: state.reason,
      sub: state.user?.sub ?? null,
      expiresAt: state.expiresAt,
      idleExpiresAt: state.idleExpiresAt,
      sessionExpiresAt: state.sessionExpiresAt,
    }
  })
}

/** Waits until every tab's snapshot matches `expected` (values or matchers of {@link LifecycleView}). */
export async function expectEveryTab(
  tabs: Page[],
  expected: { [Key in keyof LifecycleView]?: unknown },
): Promise<void> {
  for (const [index, tab] of tabs.entries()) {
    await expect.poll(() => lifecycleView(tab), { message: `tab ${index + 1}` }).toMatchObject(expected)
  }
}

/** The page's current time (its fake clock's), epoch ms. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => Date.now())

/**
 * Puts unsaved work in the page, as a user of the app would: a typed draft and a page-level
 * variable, plus a "Sign in again" button that calls `auth.reauthenticate()` from its click.
 */
export async function startUnsavedWork(page: Page, draft: string): Promise<void> {
  await page.evaluate(() => {
    const input = document.createElement('input')
    input.id = 'draft'
    const button = document.createElement('button')
    button.id = 'reauthenticate'
    button.type = 'button'
    button.textContent = 'Sign in again'
    const result = document.createElement('pre')
    result.id = 'reauthenticate-result'
    button.addEventListener('click', () => {
      window.auth.reauthenticate().then(
        (user) => (result.textContent = user?.sub ?? ''),
        (error: { code?: string }) => (result.textContent = `error:${error?.code ?? String(error)}`),
      )
    })
    document.body.append(input, button, result)
    ;(window as { unsaved?: unknown }).unsaved = { step: 3, items: ['a', 'b'] }
    // Gone if the page were ever loaded again.
    ;(window as { sameDocument?: boolean }).sameDocument = true
  })
  await page.locator('#draft').fill(draft)
}

/** The unsaved work in the page: the draft, the variable, and whether this is the same document. */
export function unsavedWork(page: Page) {
  return page.evaluate(() => ({
    draft: (document.getElementById('draft') as HTMLInputElement | null)?.value ?? null,
    unsaved: (window as { unsaved?: unknown }).unsaved ?? null,
    sameDocument: (window as { sameDocument?: boolean }).sameDocument === true,
  }))
}
