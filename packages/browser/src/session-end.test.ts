import { expect, it } from 'vitest'
import type { TokenRecord } from './client-storage.ts'
import { sessionEndOf } from './session-end.ts'

const record = (extra: Record<string, unknown>) =>
  ({ access_token: 'at', token_type: 'bearer', at: 1_000_500, ...extra }) as TokenRecord

it.each([
  [{}, undefined],
  [{ refresh_expires_in: 1800 }, 1000 + 1800], // counted from receipt (`at`, epoch ms)
  [{ refresh_expires_at: 5000, refresh_expires_in: 1800 }, 5000], // core's absolute time wins
  [{ refresh_expires_in: 0 }, undefined], // Keycloak: offline tokens do not expire
  [{ refresh_expires_in: '1800' }, undefined], // not a number: unknown, never a wrong guess
  [{ refresh_expires_in: -5 }, undefined],
  [{ refresh_expires_at: Number.NaN }, undefined],
])('sessionEndOf(%o) is %s', (extra, end) => {
  expect(sessionEndOf(record(extra))).toBe(end)
})
