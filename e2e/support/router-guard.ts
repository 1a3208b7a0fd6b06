// Helpers for the router guard specs (tests/router-*.spec.ts): the demo's React Router page and its
// TanStack Router page, both guarding /…/protected with `auth.requireLogin()`. A probe in every
// demo page reports, from a MutationObserver (it runs before the browser paints), each time
// protected content enters the DOM, with the session status the header shows at that moment; the
// test also counts the page's navigations to the provider's authorization endpoint.
import type { Page } from '@playwright/test'
import { expect, type DemoApp } from './demo.ts'

/** What a guarded page showed: an element that entered the DOM, where, and the session status then. */
export interface Sighting {
  /** `protected`: the route's content; `fallback`: the React page's in-component guard fallback. */
  kind: 'protected' | 'fallback'
  url: string
  /** The header's `data-status` when it appeared (null when no header was rendered yet). */
  status: string | null
}

/** What a test watches on one page, from now on (it survives navigations and reloads). */
export interface GuardWatch {
  sightings: Sighting[]
  /** Each navigation of the page to the provider's authorization endpoint (the login redirects). */
  authorizeNavigations: string[]
}

const SELECTORS: [Sighting['kind'], string][] = [
  ['protected', '[data-testid="protected"]'],
  ['fallback', '[data-testid="protected-fallback"]'],
]

/** Starts watching `page` (call before it loads the demo). */
export async function watchGuard(page: Page, demo: DemoApp): Promise<GuardWatch> {
  const watch: GuardWatch = { sightings: [], authorizeNavigations: [] }
  const authorize = new URL(demo.provider.metadata.authorization_endpoint)
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (
      request.isNavigationRequest() &&
      url.origin === authorize.origin &&
      url.pathname === authorize.pathname
    )
      watch.authorizeNavigations.push(url.href)
  })
  await page.exposeBinding('lanyardGuardProbe', (_source, sighting: Sighting) => {
    watch.sightings.push(sighting)
  })
  await page.addInitScript(
    ({ origin, selectors }) => {
      if (location.origin !== origin) return
      const report = (kind: string) => {
        const header = document.querySelector('[data-testid="status"]')
        const probe = (window as unknown as { lanyardGuardProbe: (sighting: unknown) => void })
          .lanyardGuardProbe
        probe({ kind, url: location.href, status: header?.getAttribute('data-status') ?? null })
      }
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (!(node instanceof Element)) continue
            for (const [kind, selector] of selectors) {
              if (node.matches(selector) || node.querySelector(selector)) report(kind)
            }
          }
        }
      }).observe(document, { childList: true, subtree: true })
    },
    { origin: demo.origin, selectors: SELECTORS },
  )
  return watch
}

/** Waits until the page has made no request for a while (nothing late can then be missed). */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle')
}

/** The protected content is shown, greeting `username`. */
export async function expectProtectedContent(page: Page, username: string): Promise<void> {
  await expect(page.getByTestId('protected')).toContainText(`Hello ${username}`)
}

/** Every sighting of protected content came with a signed-in header, and no fallback was ever shown. */
export function expectNoFlash(watch: GuardWatch, demo: DemoApp, path: string): void {
  expect(watch.sightings.filter((sighting) => sighting.kind === 'fallback')).toEqual([])
  for (const sighting of watch.sightings) {
    expect(sighting).toEqual({ kind: 'protected', url: `${demo.origin}${path}`, status: 'authenticated' })
  }
}
