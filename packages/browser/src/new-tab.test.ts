// A tab that starts while another tab of the app holds the session: it asks that tab on the
// channel, and shows the answer before its own IndexedDB read (opening the database and decrypting
// take tens of ms); the disk still has the last word.
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { fakeOp, type FakeOp } from '@lanyard/test-utils'
import { createIndexedDbStore } from './kv-store.ts'
import { freshIndexedDb } from './test-utils/idb.ts'
import { testClients } from './test-utils/test-clients.ts'

let op: FakeOp

const { client, signIn, stopAll } = testClients(() => op)

beforeEach(() => {
  freshIndexedDb()
  op = fakeOp()
})
afterEach(() => {
  stopAll()
  vi.restoreAllMocks()
})

// Holds every decryption of a token record (this test's disk reads) until `release()`; `decrypted`
// settles once one held decryption is done.
function holdTokenReads() {
  const decrypt = crypto.subtle.decrypt.bind(crypto.subtle)
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let done!: () => void
  const decrypted = new Promise<void>((resolve) => (done = resolve))
  vi.spyOn(crypto.subtle, 'decrypt').mockImplementation(async (algorithm, key, data) => {
    const name = new TextDecoder().decode((algorithm as AesGcmParams).additionalData as Uint8Array)
    if (!name.startsWith('tokens:')) return decrypt(algorithm, key, data)
    await released
    return decrypt(algorithm, key, data).finally(done)
  })
  return { release, decrypted }
}

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0))

it('a new tab shows the session another tab holds before its own IndexedDB read answers', async () => {
  const tabA = await signIn()
  const token = await tabA.getAccessToken()
  const { release, decrypted } = holdTokenReads()
  const tabB = client()
  const started = tabB.start()
  expect(await started).toMatchObject({ status: 'authenticated', user: { sub: tabA.getUser()?.sub } })
  expect(await tabB.getAccessToken()).toBe(token)
  const shown = vi.fn()
  tabB.subscribe(shown)
  release()
  await decrypted
  await macrotask() // the disk's read is done: it read what was shown, so nothing changes
  expect(shown).not.toHaveBeenCalled()
  expect(await tabB.getAccessToken()).toBe(token)
  expect(op.tokenCalls()).toHaveLength(1) // the login's
})

it('the disk has the last word: a session another tab still showed but the disk no longer holds goes', async () => {
  const tabA = await signIn()
  const { release } = holdTokenReads()
  const disk = createIndexedDbStore()
  for (const [key] of await disk.entries()) if (key.startsWith('tokens:')) await disk.del(key)
  const tabB = client()
  expect(await tabB.start()).toMatchObject({ status: 'authenticated' }) // tab A's answer
  release()
  await vi.waitFor(() => expect(tabB.getSnapshot()).toMatchObject({ status: 'unauthenticated' }))
  await expect(tabB.getAccessToken()).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' })
  expect(tabA.getSnapshot()).toMatchObject({ status: 'authenticated' }) // (its own view, until it reads)
})

it("with cache: 'memory' a tab neither asks nor answers: each tab has its own session", async () => {
  const tabA = await signIn(client({ cache: 'memory' }))
  expect(tabA.getSnapshot()).toMatchObject({ status: 'authenticated' })
  const tabB = client({ cache: 'memory' })
  expect(await tabB.start()).toMatchObject({ status: 'unauthenticated' })
  const tabC = client()
  expect(await tabC.start()).toMatchObject({ status: 'unauthenticated' })
})

it('a tab that starts after another signed out is not shown the ended session', async () => {
  const tabA = await signIn()
  const tabB = client()
  await tabB.start()
  await tabA.logout({ federated: false })
  const tabC = client()
  expect(await tabC.start()).toMatchObject({ status: 'unauthenticated' })
})

it('a tab of another audience or scope (another key) is not handed this session', async () => {
  const tabA = await signIn(client({ audience: 'https://api-a.example' }))
  expect(await tabA.getAccessToken()).toBeTruthy()
  const tabB = client({ audience: 'https://api-b.example' })
  expect(await tabB.start()).toMatchObject({ status: 'unauthenticated' })
  // api-a's token must never be sent as api-b's.
  await expect(tabB.getAccessToken()).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' })
  const shown: string[] = []
  const tabC = client({ audience: 'https://api-a.example', scope: 'email' }) // after a deploy
  tabC.subscribe(() => shown.push(tabC.getSnapshot().status))
  await tabC.start()
  expect(shown).toEqual(['unauthenticated'])
})

it("a cache: 'memory' login another tab heard of is not handed on: the disk does not hold it", async () => {
  const tabB = client()
  await tabB.start()
  await signIn(client({ cache: 'memory' }))
  await vi.waitFor(() => expect(tabB.getSnapshot()).toMatchObject({ status: 'authenticated' }))
  const tabC = client()
  const shown: string[] = []
  tabC.subscribe(() => shown.push(tabC.getSnapshot().status))
  await tabC.start()
  expect(shown).toEqual(['unauthenticated'])
})
