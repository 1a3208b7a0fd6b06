// Hardening matrix, popup mode: forged callback messages from other windows are ignored while the
// real popup still completes, and a popup that never answers is closed with AUTH_TIMEOUT.
import type { Page } from '@playwright/test'
import { APP_ORIGIN, OTHER_ORIGIN } from '../support/env.ts'
import { APP_PAGE, configureApp, expectView, openApp, pauseClock, tokenPosts } from '../support/app.ts'
import { expect, test, type TestProvider } from '../support/fixtures.ts'
import { tokenRecords } from '../support/hardening.ts'

const onInteraction = (provider: TestProvider) => (url: URL) =>
  url.href.startsWith(`${provider.baseUrl}/interaction/`)

interface Received {
  origin: string
  type: unknown
  state: unknown
}

declare global {
  interface Window {
    received?: Received[]
  }
}

/** Signs in as alice on the popup's login page; resolves once the popup has closed itself. */
async function answerInPopup(popup: Page, provider: TestProvider): Promise<void> {
  const closed = popup.waitForEvent('close')
  await provider.signIn(popup)
  if (!popup.isClosed()) await closed
}

test('forged callback messages from another origin and from a same-origin window that is not the popup are ignored; the real popup completes', async ({
  context,
  page,
  provider,
}) => {
  await configureApp(context, { issuer: provider.issuer })
  await openApp(page)
  // What reaches the app window, seen by a listener of the test's own (the SDK's is separate).
  await page.evaluate(() => {
    window.received = []
    window.addEventListener('message', (event: MessageEvent) => {
      const data = Object(event.data) as Record<string, unknown>
      window.received?.push({ origin: event.origin, type: data.type, state: data.state })
    })
  })

  const authorize = context.waitForEvent('request', (r) =>
    r.url().startsWith(provider.metadata.authorization_endpoint),
  )
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#popup').click()])
  // The attacker is given the real state (the worst case: it is meant to be secret).
  const state = new URL((await authorize).url()).searchParams.get('state') as string
  expect(state).toBeTruthy()
  await popup.waitForURL(onInteraction(provider))

  // A callback URL with the attacker's code and the right state and iss: accepted, it would be
  // exchanged (a token request the provider would refuse).
  const forged = new URL(APP_PAGE)
  forged.search = new URLSearchParams({ code: 'attacker-code', state, iss: provider.issuer }).toString()
  const attacker = (origin: string, target: 'opener' | 'parent') =>
    `${origin}/attacker.html#${new URLSearchParams({ state, url: forged.href, target, times: '10', every: '20' })}`
  // Frames inside the app page and windows it opened (so they are its opener's children): one
  // of each on another origin, one of each on the app's own origin (right origin, wrong source).
  const opened = page.context().waitForEvent('page', (p) => p.url().startsWith(OTHER_ORIGIN))
  await page.evaluate(
    ({ frames, windows }) => {
      for (const src of frames) {
        const frame = document.createElement('iframe')
        frame.src = src
        document.body.append(frame)
      }
      for (const url of windows) window.open(url, '_blank')
    },
    {
      frames: [attacker(OTHER_ORIGIN, 'parent'), attacker(APP_ORIGIN, 'parent')],
      windows: [attacker(OTHER_ORIGIN, 'opener'), attacker(APP_ORIGIN, 'opener')],
    },
  )
  await opened

  // Every forged message arrived: 2 senders × 10 from each origin.
  await expect
    .poll(() =>
      page.evaluate(
        (state) =>
          (window.received ?? [])
            .filter((m) => m.type === 'lanyard:callback' && m.state === state)
            .map((m) => m.origin)
            .sort()
            .join(' '),
        state,
      ),
    )
    .toBe([...Array(20).fill(APP_ORIGIN), ...Array(20).fill(OTHER_ORIGIN)].join(' '))
  // …and changed nothing: no exchange, still waiting for the popup, which is still open.
  expect(tokenPosts(provider)).toEqual([])
  await expect(page.locator('#popup-error')).toHaveText('')
  await expect(page.locator('#popup-result')).toHaveText('')
  await expectView(page, { status: 'unauthenticated' })
  expect(popup.isClosed()).toBe(false)

  // The real popup completes the login: one token request, with the real code.
  await answerInPopup(popup, provider)
  await expect(page.locator('#popup-result')).toHaveText('alice')
  await expect(page.locator('#popup-error')).toHaveText('')
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  expect(tokenPosts(provider)).toEqual([200])
  expect(await tokenRecords(page)).toHaveLength(1)
})

test('a popup that never completes: AUTH_TIMEOUT after timeouts.popupMs, and the popup is closed', async ({
  context,
  page,
  provider,
}) => {
  const POPUP_MS = 3000
  await context.clock.install()
  await configureApp(context, { issuer: provider.issuer, timeouts: { popupMs: POPUP_MS } })
  await openApp(page)
  // The page's time stands still from before the click: only runFor moves it.
  await pauseClock(page)
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#popup').click()])
  const closed = popup.waitForEvent('close')
  await popup.waitForURL(onInteraction(provider))
  // Nobody answers the login page: nothing before popupMs, AUTH_TIMEOUT right after it.
  await page.clock.runFor(POPUP_MS - 100)
  await expect(page.locator('#popup-error')).toHaveText('')
  expect(popup.isClosed()).toBe(false)
  await page.clock.runFor(200)
  await expect(page.locator('#popup-error')).toHaveText('AUTH_TIMEOUT')
  if (!popup.isClosed()) await closed
  expect(popup.isClosed()).toBe(true)
  await expectView(page, { status: 'unauthenticated' })
  expect(tokenPosts(provider)).toEqual([])
  expect(await tokenRecords(page)).toEqual([])
})
