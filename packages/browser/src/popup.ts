import { AUTH_POPUP_BLOCKED, AUTH_POPUP_CLOSED, AUTH_TIMEOUT, PopupError, TimeoutError } from '@lanyard/core'

const TYPE = 'lanyard:callback'

/** Opens the login popup; call it synchronously in the click handler. Blocked → `AUTH_POPUP_BLOCKED`. */
export function openPopup(): Window {
  const popup = window.open('', 'lanyard-popup', 'popup,width=500,height=650')
  if (!popup) throw new PopupError(AUTH_POPUP_BLOCKED, 'popup blocked')
  return popup
}

/** What {@link waitForPopupCallback} waits for. */
export interface PopupWait {
  popup: Window
  state: string
  timeoutMs: number
}

/**
 * Resolves with the callback URL the popup posts from this origin. Rejects with
 * `AUTH_POPUP_CLOSED` when the popup closes, or `AUTH_TIMEOUT` after `timeoutMs` (closing it).
 *
 * A popup whose opener COOP cut reads as closed here; it completes the login itself and this tab
 * follows by the `tokens-updated` broadcast (no relay could reach us: see DESIGN's popup notes).
 */
export function waitForPopupCallback({ popup, state, timeoutMs }: PopupWait): Promise<string> {
  return new Promise((resolve, reject) => {
    const settle = (done: () => void) => {
      clearInterval(poll)
      clearTimeout(timer)
      window.removeEventListener('message', onMessage)
      done()
    }
    // Origin, source and state: another window or origin cannot complete this login.
    const onMessage = ({ origin, source, data }: MessageEvent) => {
      const { type, state: got, url } = Object(data) as Record<string, unknown>
      if (
        origin === location.origin &&
        source === popup &&
        type === TYPE &&
        got === state &&
        typeof url == 'string'
      ) {
        settle(() => resolve(url))
      }
    }
    // Closed on two polls in a row: a message posted just before closing still arrives first.
    let closedPolls = 0
    const poll = setInterval(() => {
      if (popup.closed && ++closedPolls > 1)
        settle(() => reject(new PopupError(AUTH_POPUP_CLOSED, 'popup closed')))
    }, 250)
    const timer = setTimeout(() => {
      popup.close()
      settle(() => reject(new TimeoutError(AUTH_TIMEOUT, `popup: ${timeoutMs} ms`)))
    }, timeoutMs)
    window.addEventListener('message', onMessage)
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
    if (opener.origin != location.origin) return false
    opener.postMessage({ type: TYPE, state, url }, location.origin)
    return true
  } catch {
    return false // no opener (COOP), or a foreign one
  }
}
