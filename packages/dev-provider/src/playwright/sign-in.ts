import type { Page } from '@playwright/test'

/** Options of {@link signIn}. */
export interface SignInOptions {
  /** Typed at the login page; becomes the ID token's `sub`. Default `alice`. Any password works. */
  username?: string
  /** Approve a consent page if one is shown (default); false cancels it (→ `error=access_denied`). */
  consent?: boolean
  /**
   * What starts the login, e.g. `() => page.getByRole('button', { name: 'Sign in' }).click()`;
   * signIn waits for the provider's login page meanwhile. Without it, the page must be on its way
   * to the login page already.
   */
  start?: () => Promise<unknown>
}

/** Where a provider's pages are: its origin, and the issuer without a trailing slash. */
export interface ProviderPages {
  origin: string
  baseUrl: string
}

const MAX_PAGES = 4

/**
 * Sign in at the dev provider's login page in a browser page, the way a person would: type the
 * username (and any password), submit, approve consent if asked, until the browser leaves the
 * provider. Resolves with the URL it landed on (the app's redirect URI with `code`, `state`, `iss`,
 * or `error`), or null when the window closed itself there (a login popup).
 */
export async function signIn(
  page: Page,
  provider: ProviderPages,
  options: SignInOptions = {},
): Promise<URL | null> {
  const { username = 'alice', consent = true, start } = options
  const interaction = `${provider.baseUrl}/interaction/`
  const atInteraction = (url: URL) => url.href.startsWith(interaction)
  const gone = (url: URL) => url.origin !== provider.origin && url.protocol !== 'about:'
  await (start ? Promise.all([page.waitForURL(atInteraction), start()]) : page.waitForURL(atInteraction))

  for (let step = 0; step < MAX_PAGES; step++) {
    const here = page.url()
    const prompt = await page.locator('input[name="prompt"]').first().inputValue()
    if (prompt === 'login') {
      await page.locator('input[name="login"]').fill(username)
      await page.locator('input[name="password"]').fill('any password')
    } else if (prompt !== 'consent') {
      throw new Error(`signIn: unknown interaction prompt "${prompt}" at ${here}`)
    }
    const answer =
      prompt === 'consent' && !consent
        ? page.locator('a[href$="/abort"]').first()
        : page.locator('button[type="submit"]').first()
    const next = page.waitForURL((url) => url.href !== here && (atInteraction(url) || gone(url)), {
      waitUntil: 'commit',
    })
    try {
      await Promise.all([next, answer.click()])
    } catch (error) {
      // A login popup closes itself as soon as it is back on the app.
      if (page.isClosed()) return null
      throw error
    }
    const landed = new URL(page.url())
    if (gone(landed)) return landed
  }
  throw new Error(`signIn: still at the provider after ${MAX_PAGES} pages (${page.url()})`)
}
