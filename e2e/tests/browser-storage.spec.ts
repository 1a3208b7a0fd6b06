// @lanyard/browser, secrets at rest: after a login, nothing the page origin stores (IndexedDB read
// raw, Web Storage, cookies, Cache Storage) holds a token in the clear (sessionStorage: only the
// reload's session hint, the ID token's claims). The real tokens come from
// the token response as the browser received it (observed, not intercepted).
import { APP_ORIGIN } from '../support/env.ts'
import {
  configureApp,
  getAccessToken,
  loginWithRedirect,
  nextTokenResponse,
  openApp,
} from '../support/app.ts'
import { expect, test } from '../support/fixtures.ts'

interface DumpedRecord {
  database: string
  store: string
  key: unknown
  value: unknown
}

test('after login, IndexedDB, Web Storage, cookies and Cache Storage hold no token in the clear', async ({
  context,
  page,
  provider,
}) => {
  await configureApp(context, { issuer: provider.issuer })
  await openApp(page)
  const login = nextTokenResponse(page, provider.metadata.token_endpoint)
  await loginWithRedirect(page, provider)
  const tokens = await login
  const { access_token, refresh_token, id_token } = tokens
  expect(refresh_token, 'a refresh token was issued').toEqual(expect.any(String))
  expect(id_token, 'an ID token was issued').toMatch(/^eyJ/)
  expect(await getAccessToken(page)).toEqual({ token: access_token })

  // Every record of every database of the origin, read raw (no SDK code involved). Binary values
  // are dumped as hex and as their UTF-8 reading, so plaintext in a buffer would show.
  const dump = await page.evaluate(async () => {
    const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
    const bytesOf = (view: ArrayBuffer | ArrayBufferView) =>
      view instanceof ArrayBuffer
        ? new Uint8Array(view)
        : new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
    const serialize = (value: unknown): unknown => {
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        const bytes = bytesOf(value as ArrayBuffer | ArrayBufferView)
        return { $bytes: hex(bytes), $text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) }
      }
      if (value instanceof CryptoKey) {
        return {
          $cryptoKey: {
            type: value.type,
            extractable: value.extractable,
            algorithm: value.algorithm,
            usages: value.usages,
          },
        }
      }
      if (value instanceof Blob) return { $blob: value.size }
      if (Array.isArray(value)) return value.map(serialize)
      if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, serialize(v)]))
      }
      return value
    }
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result)
        r.onerror = () => reject(r.error)
      })
    const records: { database: string; store: string; key: unknown; value: unknown }[] = []
    const databases = await indexedDB.databases()
    for (const { name } of databases) {
      if (!name) continue
      const db = await request(indexedDB.open(name))
      for (const store of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(store, 'readonly')
        const cursorRequest = tx.objectStore(store).openCursor()
        await new Promise<void>((resolve, reject) => {
          cursorRequest.onerror = () => reject(cursorRequest.error)
          cursorRequest.onsuccess = () => {
            const cursor = cursorRequest.result
            if (!cursor) return resolve()
            records.push({
              database: name,
              store,
              key: serialize(cursor.key),
              value: serialize(cursor.value),
            })
            cursor.continue()
          }
        })
      }
      db.close()
    }
    const local = Object.fromEntries(Object.entries(localStorage))
    const session = Object.fromEntries(Object.entries(sessionStorage).filter(([k]) => k !== 'e2e-config'))
    const caches = 'caches' in self ? await self.caches.keys() : []
    return {
      databases: databases.map((d) => d.name),
      records,
      local,
      session,
      cookie: document.cookie,
      caches,
    }
  })

  // The SDK did store something (so the checks below look at real records): a token record, and the
  // AES key, which is non-extractable.
  const records = dump.records as DumpedRecord[]
  expect(records.some((r) => String(r.key).startsWith('tokens:'))).toBe(true)
  const keys = records.filter((r) => JSON.stringify(r.value).includes('"$cryptoKey"'))
  expect(keys.length).toBeGreaterThan(0)
  for (const key of keys) expect(JSON.stringify(key.value)).toContain('"extractable":false')

  const everything = JSON.stringify(dump)
  const secrets = { access_token, refresh_token: refresh_token as string, id_token: id_token as string }
  for (const [name, secret] of Object.entries(secrets)) {
    expect(everything.includes(secret), `${name} stored in the clear`).toBe(false)
    expect(everything.includes(Buffer.from(secret).toString('hex')), `${name} stored as bytes`).toBe(false)
    // A long prefix catches a token stored split or re-encoded around its start.
    expect(everything.includes(secret.slice(0, 24)), `${name} (prefix) stored`).toBe(false)
  }
  expect(everything.includes('eyJ'), 'a JWT (ID token or JWT access token) is stored in the clear').toBe(
    false,
  )
  expect(dump.local).toEqual({})
  // sessionStorage holds the reload's session hint only: what the snapshot shows (the ID token's
  // claims, the token's expiry), no token (checked with everything above).
  const [[hintKey, hint]] = Object.entries(dump.session) as [[string, string]]
  expect(Object.keys(dump.session)).toEqual([hintKey])
  expect(hintKey).toMatch(/\|hint$/)
  const claims = JSON.parse(Buffer.from(id_token!.split('.')[1]!, 'base64url').toString()) as unknown
  expect(JSON.parse(hint)).toEqual({ user: claims, expiresAt: expect.any(Number) })
  expect(dump.cookie).toBe('')
  expect(dump.caches).toEqual([])
  expect(new URL(page.url()).origin).toBe(APP_ORIGIN)
})
