// The IIFE from the @lanyard/browser tarball, in a plain HTML page with a Subresource Integrity
// hash, signs in and calls the API; the README's placeholder hash makes the browser refuse it.
import { expect, test } from '@playwright/test'
import { appOrigin, expectCleanAddressBar, signInAtDevProvider } from './environment.ts'

test('the packed <script> build signs in from a plain page loaded with its SRI hash', async ({ page }) => {
  await page.goto(`${appOrigin()}/iife.html`)
  await expect(page.locator('#status')).toHaveText('unauthenticated')

  await page.locator('#login').click()
  await signInAtDevProvider(page, 'smoke-script')

  await expect(page.locator('#status')).toHaveText('authenticated')
  await expect(page.locator('#user')).toHaveText('smoke-script')
  await expect(page.locator('#error')).toHaveText('')
  expectCleanAddressBar(page)

  await page.locator('#call').click()
  await expect(page.locator('#api')).toHaveText(/^200 \{.*"sub":"smoke-script"/)
})

test("the README's integrity placeholder fails closed: the browser refuses the file", async ({ page }) => {
  const refused = page.waitForEvent('console', (message) => /integrity/i.test(message.text()))
  await page.goto(`${appOrigin()}/iife-readme-integrity.html`)
  await refused
  expect(await page.evaluate(() => typeof (window as { Lanyard?: unknown }).Lanyard)).toBe('undefined')
  await expect(page.locator('#error')).toContainText('Lanyard is not defined')
})
