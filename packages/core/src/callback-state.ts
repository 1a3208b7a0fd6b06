import { parseUrl } from './url.ts'

/**
 * The `state` of a URL that looks like an authorization response (`state` plus `code` or
 * `error`), or `undefined`. Never throws: safe to call on every page load.
 */
export function readCallbackState(url: string | URL): string | undefined {
  const params = parseUrl(url)?.searchParams
  const states = params?.getAll('state')
  if (!params || states?.length !== 1 || !(params.has('code') || params.has('error'))) return undefined
  return states[0] || undefined
}
