// A fresh Vite + React app built from the tarballs (no workspace, no `lanyard-source`) signs in
// by redirect against the packed dev provider and calls its API through `auth.fetch`.
import { expect, test } from '@playwright/test'
import { appOrigin, expectCleanAddressBar, signInAtDevProvider } from './environment.ts'

test('the packed packages sign in a Vite + React app and call /api/me with auth.fetch', async ({ page }) => {
  await page.goto(`${appOrigin()}/`)
  await expect(page.getByTestId('status')).toHaveText('unauthenticated')

  await page.getByRole('button', { name: 'Sign in' }).click()
  await signInAtDevProvider(page, 'smoke-react')

  await expect(page.getByTestId('status')).toHaveText('authenticated')
  await expect(page.getByTestId('user')).toHaveText('smoke-react')
  await expect(page.getByRole('alert')).toHaveCount(0)
  expectCleanAddressBar(page)

  await page.getByRole('button', { name: 'Call the API' }).click()
  const api = page.getByTestId('api')
  await expect(api).toHaveText(/^200 /)
  const body = JSON.parse((await api.textContent())!.replace(/^200 /, '')) as Record<string, unknown>
  expect(body).toMatchObject({ sub: 'smoke-react', client_id: 'lanyard-smoke' })

  // The session survives a reload (IndexedDB cache from the packed @lanyard/browser).
  await page.reload()
  await expect(page.getByTestId('user')).toHaveText('smoke-react')
})
