// Helpers for the demo app's specs (tests/demo*.spec.ts): the demo is driven through what a person
// sees (buttons, links, text), and the provider's side is read from its request log.
import type { BrowserContext, Page } from '@playwright/test'
import { PROVIDER_ORIGIN } from './env'
import { expect } from './fixtures'
import type { ProviderFixture } from './fixtures'
import type { LoggedRequest } from './provider'
import { DEMO_ORIGIN } from './demo-env'

export { DEMO_ORIGIN }
export const DEMO_HOME = `${DEMO_ORIGIN}/`

/** The session state shown in the header: `data-status` on `[data-testid=status]`. */
export async function expectStatus(
  page: Page,
  status: 'loading' | 'authenticated' | 'unauthenticated',
  timeout?: number,
): Promise<void> {
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', status, timeout ? { timeout } : {})
}

/** Opens a demo page and waits until the session is known. */
export async function openDemo(page: Page, path = '/'): Promise<void> {
  await page.goto(`${DEMO_ORIGIN}${path}`)
  await expect(page.getByTestId('status')).not.toHaveAttribute('data-status', 'loading')
}

/**
 * What the demo's pages asked of the provider with fetch (token, revocation, /api/me, discovery):
 * cross-origin requests carry `Origin`, so the log tells them from other suites' traffic on the
 * shared provider. Navigations (authorize, end-session) carry none and are not included.
 */
export async function demoRequests(provider: ProviderFixture, path?: string): Promise<LoggedRequest[]> {
  const wanted = path === undefined ? undefined : new URL(path, PROVIDER_ORIGIN).pathname
  return (await provider.requestLog()).filter(
    (r) =>
      r.origin === DEMO_ORIGIN &&
      (wanted === undefined || new URL(r.path, PROVIDER_ORIGIN).pathname === wanted),
  )
}

/** The code exchanges and refreshes the demo made (`POST` to the token endpoint). */
export async function tokenRequests(provider: ProviderFixture): Promise<LoggedRequest[]> {
  return (await demoRequests(provider, provider.metadata.token_endpoint)).filter((r) => r.method === 'POST')
}

/** Records every request the browser context sends to the provider, from any of its pages. */
export function watchProviderRequests(context: BrowserContext): { urls: string[]; stop: () => void } {
  const urls: string[] = []
  const listener = (request: { url(): string; method(): string }) => {
    if (new URL(request.url()).origin === PROVIDER_ORIGIN) urls.push(`${request.method()} ${request.url()}`)
  }
  context.on('request', listener)
  return { urls, stop: () => context.off('request', listener) }
}

/** Fills the provider's login form in `page` (already on its interaction page) and submits it. */
export async function fillLoginForm(page: Page, username: string): Promise<void> {
  await page.waitForURL((url) => url.origin === PROVIDER_ORIGIN && url.pathname.startsWith('/interaction/'))
  await expect(page.locator('input[name="prompt"]')).toHaveValue('login')
  await page.locator('input[name="login"]').fill(username)
  await page.locator('input[name="password"]').fill('any password')
  await page.locator('button[type="submit"]').first().click()
}
