// Helpers of the DPoP (RFC 9449) specs, against the `dpopProvider` fixture (support/fixtures.ts:
// DPoP required, server nonces, 5-second access tokens): ways to look at what the page holds and
// sends.
//
//   test('…', async ({ context, page, dpopProvider }) => { … })
import { createHash } from 'node:crypto'
import type { BrowserContext, Page, Response } from '@playwright/test'
import * as oauth from 'oauth4webapi'
import { expect, type TestProvider } from './fixtures.ts'

/** The provider's protected resource. */
export function apiMeUrl(provider: TestProvider): string {
  return `${provider.baseUrl}/api/me`
}

/** RFC 7638 thumbprint of a public EC or OKP JWK (what `dpop_jkt` and `cnf.jkt` carry). */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'EC'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x }
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url')
}

/** The decoded header and payload of a DPoP proof (a compact JWS); the signature is left alone. */
export function decodeProof(proof: string): {
  header: Record<string, unknown>
  payload: Record<string, unknown>
} {
  const [header, payload] = proof.split('.')
  const decode = (part: string | undefined) =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>
  return { header: decode(header), payload: decode(payload) }
}

/** What the page's IndexedDB holds as the DPoP key (`lanyard` / `v1` / `dpop`), looked at from the page. */
export interface StoredDpopKey {
  /** Both halves are `CryptoKey`s (a structured-cloned `CryptoKeyPair`). */
  isKeyPair: boolean
  privateKey: {
    type: string
    extractable: boolean
    algorithm: string
    namedCurve: string | null
    usages: string[]
  }
  /** The DOMException name `crypto.subtle.exportKey(format, privateKey)` rejected with, or null if it worked. */
  pkcs8Export: string | null
  jwkExport: string | null
  /** The public half (public keys are always exportable). */
  publicJwk: JsonWebKey
}

/**
 * Reads the stored DPoP key in `page` straight from IndexedDB; null when there is none (no database,
 * no store or no record). Never creates the database: it would then lack the SDK's object store.
 */
export function readStoredDpopKey(page: Page): Promise<StoredDpopKey | null> {
  return page.evaluate(async (): Promise<StoredDpopKey | null> => {
    const databases = await indexedDB.databases()
    if (!databases.some((d) => d.name === 'lanyard')) return null
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('lanyard')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    try {
      if (!db.objectStoreNames.contains('v1')) return null
      // One key per issuer + client: `dpop:<issuer>:<clientId>`.
      const store = db.transaction('v1', 'readonly').objectStore('v1')
      const value = await new Promise<unknown>((resolve, reject) => {
        const request = store.getAll(IDBKeyRange.bound('dpop:', 'dpop:\uffff'))
        request.onsuccess = () => resolve((request.result as unknown[])[0])
        request.onerror = () => reject(request.error)
      })
      if (value === undefined) return null
      const { privateKey, publicKey } = value as CryptoKeyPair
      const refusal = (format: 'pkcs8' | 'jwk') =>
        crypto.subtle.exportKey(format, privateKey).then(
          () => null,
          (error: unknown) => (error as { name?: string })?.name ?? String(error),
        )
      const algorithm = privateKey.algorithm as EcKeyAlgorithm
      return {
        isKeyPair: privateKey instanceof CryptoKey && publicKey instanceof CryptoKey,
        privateKey: {
          type: privateKey.type,
          extractable: privateKey.extractable,
          algorithm: algorithm.name,
          namedCurve: algorithm.namedCurve ?? null,
          usages: [...privateKey.usages],
        },
        pkcs8Export: await refusal('pkcs8'),
        jwkExport: await refusal('jwk'),
        publicJwk: await crypto.subtle.exportKey('jwk', publicKey),
      }
    } finally {
      db.close()
    }
  })
}

/**
 * Resolves with the URL of the next navigation to `authorizationEndpoint` in any page of `context`
 * (the app tab for a redirect, the login window for a popup).
 */
export async function nextAuthorizationUrl(
  context: BrowserContext,
  authorizationEndpoint: string,
): Promise<URL> {
  const request = await context.waitForEvent('request', {
    predicate: (r) => r.isNavigationRequest() && r.url().startsWith(`${authorizationEndpoint}?`),
  })
  return new URL(request.url())
}

/** One token-endpoint exchange as the browser saw it. */
export interface TokenExchange {
  status: number
  body: Record<string, unknown>
  /** The request's `DPoP` header (the proof), if it had one. */
  proof: string | undefined
}

/**
 * Records every POST to `tokenEndpoint` that any page of `context` makes from now on (bodies read as
 * they arrive, nothing intercepted). `settled()` waits for the bodies of those seen so far.
 */
export function recordTokenExchanges(
  context: BrowserContext,
  tokenEndpoint: string,
): { settled(): Promise<TokenExchange[]>; clear(): void } {
  let seen: Promise<TokenExchange>[] = []
  const read = async (response: Response): Promise<TokenExchange> => {
    const [body, headers] = await Promise.all([
      response.json().catch(() => ({ unreadable: true })) as Promise<Record<string, unknown>>,
      response.request().allHeaders(),
    ])
    return { status: response.status(), body, proof: headers['dpop'] }
  }
  context.on('response', (response) => {
    if (response.url() === tokenEndpoint && response.request().method() === 'POST') seen.push(read(response))
  })
  return {
    settled: () => Promise.all(seen),
    clear: () => void (seen = []),
  }
}

/** A call the page made to `/api/me`: its credentials, and the answer. */
export interface ApiCall {
  status: number
  /** The `error` of the response's `WWW-Authenticate` challenge, if any. */
  error: string | undefined
  authorization: string | undefined
  proof: string | undefined
}

// Headers only: the body of a refusal the SDK never reads may never count as loaded for the
// browser, and waiting for it would hang.
async function apiCall(response: Response): Promise<ApiCall> {
  const [headers, responseHeaders] = await Promise.all([
    response.request().allHeaders(),
    response.allHeaders(),
  ])
  return {
    status: response.status(),
    error: /error="([^"]*)"/.exec(responseHeaders['www-authenticate'] ?? '')?.[1],
    authorization: headers['authorization'],
    proof: headers['dpop'],
  }
}

/**
 * Clicks `#api` (`auth.fetch(issuer + '/api/me')`) and waits for its result; resolves with what the
 * page shows, every GET /api/me the page sent meanwhile (nonce retries included) and the last one
 * (with its exact `Authorization` and `DPoP` headers).
 */
export async function callApi(
  page: Page,
  provider: TestProvider,
): Promise<{ shown: { status: number; body: Record<string, unknown> }; calls: ApiCall[]; sent: ApiCall }> {
  const apiMe = apiMeUrl(provider)
  const responses: Promise<ApiCall>[] = []
  const listener = (response: Response) => {
    if (response.url() === apiMe && response.request().method() === 'GET') responses.push(apiCall(response))
  }
  page.on('response', listener)
  try {
    await page.locator('#api').click()
    await expect(page.locator('#api-result')).toHaveText(/^(\d{3} |error:)/)
    const text = (await page.locator('#api-result').textContent()) ?? ''
    expect(text, 'auth.fetch resolved').not.toMatch(/^error:/)
    const match = /^(\d{3}) ([\s\S]*)$/.exec(text)
    const shown = {
      status: Number(match?.[1]),
      body: JSON.parse(match?.[2] || '{}') as Record<string, unknown>,
    }
    const calls = await Promise.all(responses)
    const sent = calls.at(-1)
    if (!sent) throw new Error('the page sent no GET /api/me')
    return { shown, calls, sent }
  } finally {
    page.off('response', listener)
  }
}

/**
 * GET /api/me from the test process with `accessToken` and a proof signed by a fresh ES256 key that
 * is not the one the token is bound to (oauth4webapi builds the proof; the server's nonce is fetched
 * with one retry, as a client would). Resolves with the final response.
 */
export async function callApiWithAnotherKey(
  provider: TestProvider,
  accessToken: string,
): Promise<globalThis.Response> {
  const DPoP = oauth.DPoP({}, await oauth.generateKeyPair('ES256'))
  const send = () =>
    oauth.protectedResourceRequest(accessToken, 'GET', new URL(apiMeUrl(provider)), new Headers(), null, {
      DPoP,
      [oauth.allowInsecureRequests]: true,
    })
  try {
    try {
      return await send()
    } catch (error) {
      if (oauth.isDPoPNonceError(error)) return await send()
      throw error
    }
  } catch (error) {
    if (error instanceof oauth.WWWAuthenticateChallengeError) return error.response
    throw error
  }
}

/** The `error` and `error_description` of a 401 from /api/me, and its challenge. */
export async function refusal(
  response: globalThis.Response,
): Promise<{ status: number; error: unknown; description: unknown; challenge: string }> {
  const body = (await response.json().catch(() => ({}))) as { error?: unknown; error_description?: unknown }
  return {
    status: response.status,
    error: body.error,
    description: body.error_description,
    challenge: response.headers.get('www-authenticate') ?? '',
  }
}
