import { AUTH_POPUP_BLOCKED, AUTH_POPUP_CLOSED, AUTH_TIMEOUT, isAuthError } from '@lanyard/core'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { broadcastCallback, openPopup, relayToOpener, waitForPopupCallback } from './popup.ts'

const STATE = 'state-123'
const URL_OK = 'http://localhost:3000/callback?code=good&state=' + STATE
const message = (url: string, state = STATE) => ({ type: 'lanyard:callback', state, url })

function fakePopup() {
  return {
    closed: false,
    close: vi.fn(function (this: { closed: boolean }) {
      this.closed = true
    }),
  }
}

// Starts a wait and records how it ended.
function start(popup = fakePopup(), timeoutMs = 60_000) {
  const outcome: { value?: string; error?: unknown; settled: boolean } = { settled: false }
  const promise = waitForPopupCallback({ popup: popup as unknown as Window, state: STATE, timeoutMs })
  promise.then(
    (value) => Object.assign(outcome, { value, settled: true }),
    (error: unknown) => Object.assign(outcome, { error, settled: true }),
  )
  return { popup, outcome, promise }
}

const post = (data: unknown, source: unknown, origin = location.origin) =>
  window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }))

beforeEach(
  () => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] }),
)
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('openPopup', () => {
  test('opens a named, sized window synchronously', () => {
    const popup = fakePopup()
    const open = vi.spyOn(window, 'open').mockReturnValue(popup as unknown as Window)
    expect(openPopup()).toBe(popup)
    expect(open).toHaveBeenCalledWith('', 'lanyard-popup', 'width=500,height=650')
  })

  test('blocked → AUTH_POPUP_BLOCKED', () => {
    vi.spyOn(window, 'open').mockReturnValue(null)
    let error: unknown
    try {
      openPopup()
    } catch (e) {
      error = e
    }
    expect(isAuthError(error, AUTH_POPUP_BLOCKED)).toBe(true)
    expect((error as Error).name).toBe('PopupError')
  })
})

describe('waitForPopupCallback', () => {
  test('ignores wrong origin, source, type, state and shape; takes the right message', async () => {
    const { popup, outcome, promise } = start()
    post(message('wrong-origin'), popup, 'https://evil.example')
    post(message('wrong-source'), fakePopup())
    post(message('no-source'), null)
    post(message('wrong-state', 'other'), popup)
    post({ ...message('wrong-type'), type: 'other' }, popup)
    post({ type: 'lanyard:callback', state: STATE, url: 42 }, popup)
    post('lanyard:callback', popup)
    post(null, popup)
    await vi.advanceTimersByTimeAsync(0)
    expect(outcome.settled).toBe(false)
    post(message(URL_OK), popup)
    expect(await promise).toBe(URL_OK)
  })

  test('takes the relay on the BroadcastChannel of its state (COOP), even once the popup reads as closed', async () => {
    const realTicks = () => new Promise((resolve) => globalThis.queueMicrotask(() => resolve(undefined)))
    const { popup, outcome, promise } = start()
    popup.closed = true // what COOP makes the opener see
    await vi.advanceTimersByTimeAsync(500)
    broadcastCallback('other', 'another-state')
    broadcastCallback(URL_OK, STATE)
    await realTicks()
    expect(await promise).toBe(URL_OK)
    expect(outcome.settled).toBe(true)
  })

  test('a closed popup rejects with AUTH_POPUP_CLOSED within a second', async () => {
    const { popup, outcome } = start()
    await vi.advanceTimersByTimeAsync(2000)
    expect(outcome.settled).toBe(false)
    popup.closed = true
    await vi.advanceTimersByTimeAsync(1000)
    expect(isAuthError(outcome.error, AUTH_POPUP_CLOSED)).toBe(true)
    expect((outcome.error as Error).name).toBe('PopupError')
  })

  test('a message posted just before the popup closed still wins', async () => {
    const { popup, outcome } = start()
    popup.closed = true
    await vi.advanceTimersByTimeAsync(250) // the first poll sees it closed
    post(message(URL_OK), popup)
    await vi.advanceTimersByTimeAsync(0)
    expect(outcome).toEqual({ value: URL_OK, settled: true })
  })

  test('times out with AUTH_TIMEOUT and closes the popup', async () => {
    const { popup, outcome } = start(fakePopup(), 5000)
    await vi.advanceTimersByTimeAsync(4999)
    expect(outcome.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(isAuthError(outcome.error, AUTH_TIMEOUT)).toBe(true)
    expect(popup.close).toHaveBeenCalled()
  })

  test.each(['resolve', 'close', 'timeout'] as const)(
    'cleans up listeners and timers after %s',
    async (end) => {
      const add = vi.spyOn(window, 'addEventListener')
      const remove = vi.spyOn(window, 'removeEventListener')
      const { popup, outcome } = start(fakePopup(), 5000)
      if (end === 'resolve') post(message(URL_OK), popup)
      if (end === 'close') popup.closed = true
      await vi.advanceTimersByTimeAsync(end === 'resolve' ? 0 : 5000)
      expect(outcome.settled).toBe(true)
      expect(vi.getTimerCount()).toBe(0)
      const handler = add.mock.calls.find(([type]) => type === 'message')?.[1]
      expect(handler).toBeDefined()
      expect(remove).toHaveBeenCalledWith('message', handler)
    },
  )
})

describe('relayToOpener', () => {
  test('posts to the opener at this exact origin', () => {
    const opener = { origin: location.origin, postMessage: vi.fn() }
    vi.spyOn(window, 'opener', 'get').mockReturnValue(opener)
    expect(relayToOpener(URL_OK, STATE)).toBe(true)
    expect(opener.postMessage).toHaveBeenCalledWith(message(URL_OK), location.origin)
  })

  test('without an opener (COOP) it reports false', () => {
    vi.spyOn(window, 'opener', 'get').mockReturnValue(null)
    expect(relayToOpener(URL_OK, STATE)).toBe(false)
  })

  test('an opener of another origin gets nothing', () => {
    const opener = { origin: 'https://elsewhere.example', postMessage: vi.fn() }
    vi.spyOn(window, 'opener', 'get').mockReturnValue(opener)
    expect(relayToOpener(URL_OK, STATE)).toBe(false)
    expect(opener.postMessage).not.toHaveBeenCalled()
  })

  test('an opener that throws reports false', () => {
    vi.spyOn(window, 'opener', 'get').mockReturnValue({
      postMessage() {
        throw new DOMException('gone', 'SecurityError')
      },
    })
    expect(relayToOpener(URL_OK, STATE)).toBe(false)
  })
})
