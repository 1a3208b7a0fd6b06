// The cross-tab lock is held as long as the longest work done under it can take, so that no other
// tab spends the same refresh token while this tab's request is still out.
import { expect, it } from 'vitest'
import { lockHoldMs } from './options.ts'

it('covers two token requests with a DPoP nonce retry each (another API refused, then the session), and the storage steps', () => {
  const timeouts = { httpMs: 1_000, storageMs: 100, popupMs: 0, lockMs: 0 }
  const tokenRequests = 2 * 2 * timeouts.httpMs
  const storageSteps = 4 * timeouts.storageMs
  expect(lockHoldMs(timeouts)).toBeGreaterThanOrEqual(tokenRequests + storageSteps)
})
