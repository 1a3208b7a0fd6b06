// @lanyard/browser, a signed-in reload: real Chromium, real sessionStorage and IndexedDB. The page
// shows the session from its tab's hint before its IndexedDB opens (held closed by the test); the
// token still comes from the database, which has the last word.
import { expectView, getAccessToken, holdIndexedDbOpen, signedIn, tokenPosts } from '../support/app.ts'
import { expect, test } from '../support/fixtures.ts'

const statuses = () => window.e2eStates.map((state) => state.status)

test('a signed-in reload shows the user before IndexedDB opens; the token then comes from the database, no request', async ({
  context,
  page,
  provider,
}) => {
  await signedIn(context, page, provider)
  const { token } = await getAccessToken(page)
  const tokenRequests = tokenPosts(provider).length
  await holdIndexedDbOpen(page)
  await page.reload()
  await expectView(page, { status: 'authenticated', sub: 'alice' })
  // start() has resolved, with the database still closed (the snapshot says it is the hint's); a
  // token call waits for it.
  expect(
    await page.evaluate(() => window.auth.start().then(({ status, hinted }) => ({ status, hinted }))),
  ).toEqual({
    status: 'authenticated',
    hinted: true,
  })
  const pending = getAccessToken(page)
  await page.evaluate(() => window.openIndexedDb?.())
  expect(await pending).toEqual({ token })
  expect(await page.evaluate(() => window.auth.getSnapshot().hinted)).toBeUndefined()
  expect(tokenPosts(provider)).toHaveLength(tokenRequests)
  expect(await page.evaluate(statuses)).toEqual(['loading', 'authenticated'])
})

test('a reload whose session left IndexedDB while the tab was away shows the hint, then signs out; no token is served', async ({
  context,
  page,
  provider,
}) => {
  await signedIn(context, page, provider)
  const tokenRequests = tokenPosts(provider).length
  // The session's records go behind this tab's back (as a sign-out whose news it missed would).
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('lanyard')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    const store = db.transaction('v1', 'readwrite').objectStore('v1')
    store.delete(IDBKeyRange.bound('tokens:', 'tokens:\uffff'))
    await new Promise((resolve) => (store.transaction.oncomplete = resolve))
    db.close()
  })
  await page.reload()
  await expectView(page, { status: 'unauthenticated' })
  expect(await page.evaluate(statuses)).toEqual(['loading', 'authenticated', 'unauthenticated'])
  expect(await getAccessToken(page)).toEqual({ error: 'AUTH_LOGIN_REQUIRED' })
  expect(
    await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.endsWith('|hint'))),
  ).toEqual([])
  expect(tokenPosts(provider)).toHaveLength(tokenRequests)
})
