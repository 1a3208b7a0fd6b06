import { AUTH_POPUP_BLOCKED, AUTH_POPUP_CLOSED, AUTH_TIMEOUT, AuthError } from '@lanyard/core'
import { createChannel } from './channel.ts'

const TYPE = 'lanyard:callback'
// How often the opener looks at `popup.closed`, and how many closed polls in a row it needs.
const CLOSED_POLL_MS = 250
const CLOSED_POLLS = 4
/**
 * How long an opener still accepts a relay once its popup reads as closed (COOP makes a live
 * popup read as closed); a popup cut off by COOP waits this long before completing by itself.
 */
export const POPUP_RELAY_GRACE_MS = CLOSED_POLL_MS * CLOSED_POLLS
// The COOP fallback: a BroadcastChannel named by the login's state.
const channelOf = (state: string) => createChannel<unknown>('lanyard:popup:' + state)

/** Opens the login popup; call it synchronously in the click handler. Blocked → `AUTH_POPUP_BLOCKED`. */
export function openPopup(): Window {
  const popup = window.open('', 'lanyard-popup', 'width=500,height=650')
  if (!popup) throw new AuthError(AUTH_POPUP_BLOCKED, 'popup blocked')
  return popup
}

/** What {@link waitForPopupCallback} waits for. */
export interface PopupWait {
  popup: Window
  state: string
  timeoutMs: number
}

/**
 * Resolves with the callback URL the popup posts from this origin, or broadcasts on the state's
 * channel when COOP cut `window.opener`. Rejects with `AUTH_POPUP_CLOSED` when the popup closes, or
 * `AUTH_TIMEOUT` after `timeoutMs` (closing it). A popup cut by COOP reads as closed: its relay has
 * `POPUP_RELAY_GRACE_MS` to arrive; later, the popup completes the login itself.
 */
export function waitForPopupCallback({ popup, state, timeoutMs }: PopupWait): Promise<string> {
  return new Promise((resolve, reject) => {
    const channel = channelOf(state)
    const settle = (done: () => void) => {
      clearInterval(poll)
      clearTimeout(timer)
      window.removeEventListener('message', onMessage)
      channel.close()
      done()
    }
    const accept = (data: unknown) => {
      const { type, state: got, url } = Object(data) as Record<string, unknown>
      if (type === TYPE && got === state && typeof url === 'string') settle(() => resolve(url))
    }
    // Origin and source: another window or origin cannot complete this login.
    const onMessage = ({ origin, source, data }: MessageEvent) => {
      if (origin === location.origin && source === popup) accept(data)
    }
    // Closed on CLOSED_POLLS polls in a row: a message posted just before closing, or a relay
    // from a popup whose opener COOP cut (it reads as closed), still arrives first.
    let closedPolls = 0
    const poll = setInterval(() => {
      if (popup.closed && ++closedPolls >= CLOSED_POLLS)
        settle(() => reject(new AuthError(AUTH_POPUP_CLOSED, 'popup closed')))
    }, CLOSED_POLL_MS)
    const timer = setTimeout(() => {
      popup.close()
      settle(() => reject(new AuthError(AUTH_TIMEOUT, `popup: ${timeoutMs} ms`)))
    }, timeoutMs)
    window.addEventListener('message', onMessage)
    channel.listen(accept)
  })
}

/**
 * In the popup: posts the callback URL to the opener at this exact origin. True when posted; the
 * caller then closes the window. False without a usable opener.
 */
export function relayToOpener(url: string, state: string): boolean {
  try {
    const opener = window.opener as Window
    // Reading a foreign opener's origin throws: a page opened from elsewhere is no popup of ours.
    if (opener.origin !== location.origin) return false
    opener.postMessage({ type: TYPE, state, url }, location.origin)
    return true
  } catch {
    return false // no opener (COOP), or a foreign one
  }
}

/** In a popup whose opener COOP cut: sends the callback URL on the state's channel. */
export function broadcastCallback(url: string, state: string): void {
  const channel = channelOf(state)
  channel.post({ type: TYPE, state, url })
  channel.close()
}
