import type { TokenRecord } from './client-storage.ts'

/**
 * When the session ends, epoch seconds: the refresh token's expiry (`refresh_expires_at`, which core
 * derives from `refresh_expires_in` or `refresh_token_expires_in`). Undefined when unknown.
 */
export function sessionEndOf(record: TokenRecord): number | undefined {
  const end = record.refresh_expires_at
  return typeof end === 'number' && end > 0 ? end : undefined
}
