import { AUTH_POPUP_BLOCKED, AUTH_POPUP_CLOSED, AUTH_TIMEOUT, PopupError, TimeoutError } from '@lanyard/core'
import { createChannel } from './channel.ts'

const TYPE = 'lanyard:callback'
const channelName = (state: string) => 'lanyard:popup:' + state

/** Opens the login popup, centred; call it synchronously in the click handler. Blocked → `AUTH_POPUP_BLOCKED`. */
export function openPopup(): Window {
  const popup = window.open('', 'lanyard-popup', 'popup,width=500,height=650')
  if (!popup) throw new PopupError(AUTH_POPUP_BLOCKED, 'Popup blocked')
  return popup
}

/** What {@link waitForPopupCallback} waits for. */
export interface PopupWait {
  popup: Window
  state: string
  timeoutMs: number
}

/**
 * Resolves with the callback URL the popup relays (by `postMessage` from `popup` on this origin, or on
 * the `state`'s BroadcastChannel when COOP cut `window.opener`). Rejects with `AUTH_POPUP_CLOSED` when
 * the popup closes, or `AUTH_TIMEOUT` after `timeoutMs` (closing the popup).
 */
export function waitForPopupCallback({ popup, state, timeoutMs }: PopupWait): Promise<string> {
  return new Promise((resolve, reject) => {
    const channel = createChannel<unknown>(channelName(state))
    const settle = (done: () => void) => {
      clearInterval(poll)
      clearTimeout(timer)
      window.removeEventListener('message', onMessage)
      channel.close()
      done()
    }
    const accept = (data: unknown) => {
      const { type, state: got, url } = Object(data) as Record<string, unknown>
      if (type === TYPE && got === state && typeof url == 'string') settle(() => resolve(url))
    }
    const onMessage = (event: MessageEvent) => {
      if (event.origin === location.origin && event.source === popup) accept(event.data)
    }
    // Closed must be seen on two polls in a row: a popup that relayed on the BroadcastChannel and
    // closed itself at once gets that long for its message to arrive.
    let closedPolls = 0
    const poll = setInterval(() => {
      if (popup.closed && ++closedPolls > 1)
        settle(() => reject(new PopupError(AUTH_POPUP_CLOSED, 'popup closed')))
    }, 250)
    const timer = setTimeout(() => {
      popup.close()
      settle(() => reject(new TimeoutError(AUTH_TIMEOUT, `popup: no answer in ${timeoutMs} ms`)))
    }, timeoutMs)
    window.addEventListener('message', onMessage)
    channel.listen(accept)
  })
}

/**
 * In the popup: sends the callback URL to the opener (exact origin) and on the `state`'s
 * BroadcastChannel. True when sent; the caller then closes the window.
 */
export function relayToOpener(url: string, state: string): boolean {
  const message = { type: TYPE, state, url }
  let relayed = false
  const opener = window.opener as Window | null
  if (opener && opener !== window) {
    try {
      opener.postMessage(message, location.origin)
      relayed = true
    } catch {
      // A severed or foreign opener: the BroadcastChannel below still carries the message.
    }
  }
  if (typeof BroadcastChannel == 'function') {
    const channel = new BroadcastChannel(channelName(state))
    channel.postMessage(message)
    channel.close()
    relayed = true
  }
  return relayed
}
