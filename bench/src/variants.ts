// The SDK configurations the browser benchmarks compare. Each is one page (src/pages/) with one
// storage setting, signed in against the provider that speaks its paths.
import type { PageName } from './env.ts'
import type { ProviderKey } from './providers.ts'

export interface Variant {
  sdk: 'Lanyard' | 'auth0-spa-js' | 'oidc-client-ts' | 'no SDK'
  /** Storage as the table shows it. */
  storage: string
  page: PageName
  /** `cache` in the page's BenchConfig. */
  cache: string
  provider: ProviderKey
}

export const label = (v: Variant) => `${v.sdk} (${v.storage})`

export const LANYARD: Variant = {
  sdk: 'Lanyard',
  storage: 'IndexedDB',
  page: 'lanyard',
  cache: 'indexeddb',
  provider: 'standard',
}
export const AUTH0_MEMORY: Variant = {
  sdk: 'auth0-spa-js',
  storage: 'memory + refresh tokens',
  page: 'auth0',
  cache: 'memory',
  provider: 'auth0',
}
export const AUTH0_LOCAL: Variant = {
  sdk: 'auth0-spa-js',
  storage: 'localStorage + refresh tokens',
  page: 'auth0',
  cache: 'localstorage',
  provider: 'auth0',
}
export const OIDC_SESSION: Variant = {
  sdk: 'oidc-client-ts',
  storage: 'sessionStorage',
  page: 'oidc',
  cache: 'sessionstorage',
  provider: 'standard',
}

/**
 * The floor (src/pages/floor.ts): a hand-written PKCE login that checks and protects nothing, its
 * tokens in localStorage. Not a peer: no target compares with it; it shows what no SDK can beat.
 */
export const FLOOR: Variant = {
  sdk: 'no SDK',
  storage: 'floor: localStorage, no checks',
  page: 'floor',
  cache: 'localstorage',
  provider: 'standard',
}

/** Latency. */
export const SINGLE_TAB_VARIANTS = [LANYARD, AUTH0_MEMORY, AUTH0_LOCAL, OIDC_SESSION]

/** Warm start and login cost: the SDKs, and the floor beside them. */
export const SESSION_VARIANTS = [...SINGLE_TAB_VARIANTS, FLOOR]

/** True for the SDKs Lanyard is measured against (not Lanyard, not the floor). */
export const isPeer = (v: Variant) => v.sdk !== 'Lanyard' && v.sdk !== 'no SDK'

/**
 * The storm needs state shared by the 5 tabs: Lanyard's IndexedDB, auth0-spa-js's localStorage
 * cache, and oidc-client-ts with a localStorage user store (its sessionStorage store is per tab).
 */
export const STORM_VARIANTS: Variant[] = [
  { ...LANYARD, provider: 'storm65' },
  { ...AUTH0_LOCAL, provider: 'stormAuth0' },
  { ...OIDC_SESSION, storage: 'localStorage', cache: 'localstorage', provider: 'storm5' },
]
