import { expect, it } from 'vitest'
import type { TokenRecord } from './client-storage.ts'
import { sessionEndOf } from './session-end.ts'

const record = (extra: Record<string, unknown>) =>
  ({ access_token: 'at', token_type: 'bearer', at: 1_000_500, ...extra }) as TokenRecord

// refresh_expires_in → refresh_expires_at is core's job (token-set.test.ts).
it.each([
  [{}, undefined],
  [{ refresh_expires_at: 5000 }, 5000],
  [{ refresh_expires_at: 0 }, undefined],
  [{ refresh_expires_at: Number.NaN }, undefined],
  [{ refresh_expires_in: 1800 }, undefined], // a raw response field is not a record field
])('sessionEndOf(%o) is %s', (extra, end) => {
  expect(sessionEndOf(record(extra))).toBe(end)
})
