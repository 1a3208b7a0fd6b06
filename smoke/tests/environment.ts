// What setup/global-setup.ts started, and the one way the tests sign in at the dev provider.
import { expect, type Page } from '@playwright/test'

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the smoke test through playwright.config.ts`)
  return value
}

export const appOrigin = (): string => required('SMOKE_APP_ORIGIN')
export const issuer = (): string => required('SMOKE_ISSUER')

/** At the dev provider's login page (any username and password): sign in and wait to be back. */
export async function signInAtDevProvider(page: Page, username: string): Promise<void> {
  await page.waitForURL((url) => url.origin === issuer() && url.pathname.startsWith('/interaction/'))
  await page.locator('input[name="login"]').fill(username)
  await page.locator('input[name="password"]').fill('smoke')
  await page.locator('button[type="submit"]').first().click()
  await page.waitForURL((url) => url.origin === appOrigin())
}

/** The callback parameters are gone from the address bar once the login completed. */
export function expectCleanAddressBar(page: Page): void {
  const params = new URL(page.url()).searchParams
  expect(['code', 'state', 'iss'].filter((name) => params.has(name))).toEqual([])
}
