import type { TokenRecord } from './client-storage.ts'

/**
 * When the session ends, epoch seconds: the refresh token's expiry, as `refresh_expires_at` (core)
 * or as `refresh_expires_in` counted from receipt (Keycloak sends it; the token response's other
 * fields are kept as they came). Undefined when unknown; Keycloak's 0 means "no expiry".
 */
export function sessionEndOf(record: TokenRecord): number | undefined {
  const { refresh_expires_at: end, refresh_expires_in: left } = record as {
    refresh_expires_at?: unknown
    refresh_expires_in?: unknown
  }
  if (typeof end === 'number' && end > 0) return end
  if (typeof left === 'number' && left > 0) return Math.floor(record.at / 1000) + left
  return undefined
}
