import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK, type JWK, type JWTPayload } from 'jose'
import type { KoaContextWithOIDC } from 'oidc-provider'
import { sendJson } from './http.ts'
import type { CallbackIssFault, FaultState, Faults, IdTokenFault, TokenFault } from './types.ts'

const TOKEN_FAULTS: readonly TokenFault[] = ['http500', 'hang', 'malformed-json']
const ID_TOKEN_FAULTS: readonly IdTokenFault[] = [
  'wrong-nonce',
  'wrong-aud',
  'wrong-iss',
  'expired',
  'wrong-sub',
]
const CALLBACK_ISS_FAULTS: readonly CallbackIssFault[] = ['foreign']

/** The issuer that `callbackIss: 'foreign'` and `idToken: 'wrong-iss'` put in place of the real one. */
export const FOREIGN_ISSUER = 'https://foreign-issuer.example'

type Switch = 'token' | 'idToken' | 'callbackIss'
const SWITCHES: Record<Switch, readonly string[]> = {
  token: TOKEN_FAULTS,
  idToken: ID_TOKEN_FAULTS,
  callbackIss: CALLBACK_ISS_FAULTS,
}
const isSwitch = (key: string): key is Switch => Object.hasOwn(SWITCHES, key)
type On = { token?: TokenFault; idToken?: IdTokenFault; callbackIss?: CallbackIssFault }

/** Validate a fault switch body (from `PUT /__lanyard/faults`); throws on anything unknown. */
export function parseFaults(value: unknown): Faults {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('faults must be an object')
  const faults: Faults = {}
  for (const [key, fault] of Object.entries(value)) {
    if (key === 'times') {
      if (fault !== null && fault !== undefined && !(Number.isSafeInteger(fault) && (fault as number) > 0))
        throw new TypeError('times must be a positive integer or null')
      faults.times = fault as number | null
      continue
    }
    if (!isSwitch(key)) throw new TypeError(`unknown fault target: ${key}`)
    const allowed = SWITCHES[key]
    if (fault !== null && fault !== undefined && !allowed.includes(fault as string)) {
      throw new TypeError(`${key} fault must be one of ${allowed.join(', ')} or null`)
    }
    ;(faults as Record<Switch, unknown>)[key] = fault
  }
  if (typeof faults.times === 'number' && !(Object.keys(SWITCHES) as Switch[]).some((key) => faults[key]))
    throw new TypeError('times needs a fault switch to count')
  return faults
}

/**
 * The current fault switches. A switch set with `times` counts down on each request it fires for
 * and turns itself off at zero.
 */
export class FaultSwitches {
  #on: On = {}
  #remaining: Partial<Record<Switch, number>> = {}

  /** Replace every switch (validated first: nothing changes when `value` is invalid). */
  set(value: unknown): void {
    const faults = parseFaults(value)
    const on: On = {}
    const remaining: Partial<Record<Switch, number>> = {}
    if (faults.token) on.token = faults.token
    if (faults.idToken) on.idToken = faults.idToken
    if (faults.callbackIss) on.callbackIss = faults.callbackIss
    if (typeof faults.times === 'number')
      for (const key of Object.keys(on) as Switch[]) remaining[key] = faults.times
    this.#on = on
    this.#remaining = remaining
  }

  clear(): void {
    this.set({})
  }

  /** The switches still on, and the countdowns of those set with `times`. */
  get state(): FaultState {
    const state: FaultState = { ...this.#on }
    if (Object.keys(this.#remaining).length > 0) state.remaining = { ...this.#remaining }
    return state
  }

  /** The fault of `name` for a request it applies to, counted as fired; undefined when off. */
  fire<K extends Switch>(name: K): On[K] | undefined {
    const fault = this.#on[name]
    const left = this.#remaining[name]
    if (fault && left !== undefined) {
      if (left <= 1) {
        delete this.#on[name]
        delete this.#remaining[name]
      } else {
        this.#remaining[name] = left - 1
      }
    }
    return fault
  }
}

/** Answer a token request the broken way the fault asks for (CORS headers are already set). */
export function sendTokenFault(fault: TokenFault, res: ServerResponse): void {
  switch (fault) {
    case 'http500':
      sendJson(res, 500, { error: 'server_error', error_description: 'injected by /__lanyard/faults' })
      return
    case 'malformed-json':
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end('{"access_token":"truncated","token_type":')
      return
    case 'hang':
      // Never answer: the client must time out or abort; close() drops the connection.
      return
  }
}

/** The ID token's claims with the one the fault names altered. */
export function alterIdTokenClaims(fault: IdTokenFault, claims: JWTPayload, now = Date.now()): JWTPayload {
  const seconds = Math.floor(now / 1000)
  switch (fault) {
    case 'wrong-nonce':
      // Also wrong on a refresh, where the client expects no nonce at all.
      return { ...claims, nonce: `tampered-${randomUUID()}` }
    case 'wrong-aud':
      return { ...claims, aud: 'another-client' }
    case 'wrong-iss':
      return { ...claims, iss: FOREIGN_ISSUER }
    case 'expired':
      // An hour past expiry: beyond any client's clock tolerance.
      return { ...claims, iat: seconds - 7200, exp: seconds - 3600 }
    case 'wrong-sub':
      return { ...claims, sub: `impostor-of-${String(claims.sub)}` }
  }
}

/** What {@link faultMiddleware} needs. */
export interface FaultMiddlewareOptions {
  switches: FaultSwitches
  issuer: string
  /** The token endpoint's path (`/token`, or `/oauth/token` with Auth0 paths). */
  tokenPath: string
  /** The provider's private signing key (JWK with `alg` and `kid`), to re-sign altered ID tokens. */
  signingKey: JWK
}

type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => Promise<void>

/** `iss` of an authorization response Location (query or fragment response mode), swapped for a foreign one. */
function foreignIss(location: string, issuer: string): string | undefined {
  let url: URL
  try {
    url = new URL(location)
  } catch {
    return undefined
  }
  if (url.searchParams.get('iss') === issuer) {
    url.searchParams.set('iss', FOREIGN_ISSUER)
    return url.href
  }
  const fragment = new URLSearchParams(url.hash.slice(1))
  if (fragment.get('iss') === issuer) {
    fragment.set('iss', FOREIGN_ISSUER)
    url.hash = fragment.toString()
    return url.href
  }
  return undefined
}

/**
 * oidc-provider middleware (`provider.use`) for the faults that need the provider's own answer:
 * `idToken` re-signs the ID token of a successful token response with one claim altered;
 * `callbackIss` rewrites `iss` in the redirect that carries an authorization response.
 */
export function faultMiddleware(options: FaultMiddlewareOptions): Middleware {
  const { switches, issuer, tokenPath, signingKey } = options
  const alg = signingKey.alg ?? 'RS256'
  let key: ReturnType<typeof importJWK> | undefined
  return async (ctx, next) => {
    await next()
    if (ctx.method === 'POST' && ctx.path === tokenPath && ctx.status === 200) {
      const body = ctx.body as { id_token?: unknown } | undefined
      if (typeof body?.id_token !== 'string') return
      const fault = switches.fire('idToken')
      if (!fault) return
      key ??= importJWK(signingKey, alg)
      const header = decodeProtectedHeader(body.id_token)
      const claims = alterIdTokenClaims(fault, decodeJwt(body.id_token))
      const idToken = await new SignJWT(claims)
        .setProtectedHeader({ ...header, alg: header.alg ?? alg })
        .sign(await key)
      ctx.body = { ...body, id_token: idToken }
      return
    }
    const location = ctx.status >= 300 && ctx.status < 400 ? ctx.response.get('location') : ''
    const rewritten = location ? foreignIss(location, issuer) : undefined
    if (rewritten && switches.fire('callbackIss')) ctx.redirect(rewritten)
  }
}
