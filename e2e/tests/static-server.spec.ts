// The e2e pages server (e2e/serve.mjs) and the IIFE bundle it serves.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { APP_ORIGIN } from '../support/env.ts'
import { expect, test } from '@playwright/test'

const iife = fileURLToPath(new URL('../../packages/browser/dist/lanyard.iife.js', import.meta.url))

test('serves pages uncached, ignores the query, and 404s the rest', async ({ request }) => {
  const page = await request.get(`${APP_ORIGIN}/smoke.html?code=abc&state=xyz`)
  expect(page.status()).toBe(200)
  expect(page.headers()['content-type']).toBe('text/html; charset=utf-8')
  expect(page.headers()['cache-control']).toBe('no-store')

  expect((await request.get(`${APP_ORIGIN}/nope.html`)).status()).toBe(404)
  expect((await request.get(`${APP_ORIGIN}/..%2fpackage.json`)).status()).toBe(404)
  expect((await request.get(`${APP_ORIGIN}/%2e%2e/serve.mjs`)).status()).toBe(404)
})

test('serves the IIFE bundle, which exposes window.Lanyard.createAuthClient', async ({ page, request }) => {
  // global-setup.ts refuses to run without a fresh build: the bundle is there.
  expect(existsSync(iife), iife).toBe(true)

  const script = await request.get(`${APP_ORIGIN}/lanyard.iife.js`)
  expect(script.status(), await script.text().catch(() => '')).toBe(200)
  expect(script.headers()['content-type']).toBe('text/javascript; charset=utf-8')

  await page.goto('/smoke.html')
  await page.addScriptTag({ url: '/lanyard.iife.js' })
  expect(
    await page.evaluate(
      () => typeof (window as { Lanyard?: { createAuthClient?: unknown } }).Lanyard?.createAuthClient,
    ),
  ).toBe('function')
})
