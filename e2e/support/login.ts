// Drives the dev provider's login and consent pages in the browser, the way a person would.
import { createHash, randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import { PROVIDER_ORIGIN } from './env'

export interface SignInOptions {
  /** Typed at the login page; becomes the ID token's `sub`. Any password is accepted. */
  username?: string
  /** Approve the consent page when it is shown (default); false cancels (→ `error=access_denied`). */
  consent?: boolean
}

const MAX_STEPS = 6

/**
 * Call once the page is on its way to the provider (after clicking "log in", or goto() of an
 * authorization URL). Answers each interaction page until the browser leaves the provider, then
 * returns the URL it landed on (the client's redirect URI with `code`/`state`/`iss`, or `error`).
 * With an existing provider session there may be no page at all: this then just waits for the
 * redirect back.
 */
export async function signInAtProvider(page: Page, options: SignInOptions = {}): Promise<URL> {
  const { username = 'alice', consent = true } = options
  for (let step = 0; step < MAX_STEPS; step++) {
    await page.waitForURL(
      (url) =>
        (url.origin === PROVIDER_ORIGIN && url.pathname.startsWith('/interaction/')) ||
        (url.origin !== PROVIDER_ORIGIN && url.protocol !== 'about:'),
    )
    const here = new URL(page.url())
    if (here.origin !== PROVIDER_ORIGIN) return here

    const prompt = await page.locator('input[name="prompt"]').first().inputValue()
    if (prompt === 'login') {
      await page.locator('input[name="login"]').fill(username)
      await page.locator('input[name="password"]').fill('dev')
      await page.locator('button[type="submit"]').first().click()
    } else if (prompt === 'consent') {
      if (consent) await page.locator('button[type="submit"]').first().click()
      else await page.locator('a[href$="/abort"]').first().click()
    } else {
      throw new Error(`signInAtProvider: unknown interaction prompt "${prompt}" at ${here.href}`)
    }
    // Wait for the click's navigation to start before matching URLs again.
    await page.waitForURL((url) => url.href !== here.href)
  }
  throw new Error(`signInAtProvider: still at the provider after ${MAX_STEPS} pages (${page.url()})`)
}

/** PKCE (S256), state and nonce for tests that speak the protocol themselves. */
export function pkce(): { codeVerifier: string; codeChallenge: string; state: string; nonce: string } {
  const codeVerifier = randomBytes(32).toString('base64url')
  return {
    codeVerifier,
    codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
  }
}
