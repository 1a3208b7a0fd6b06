import { afterEach, expect, test, vi } from 'vitest'
import { createChannel } from './channel.ts'

afterEach(() => void vi.unstubAllGlobals())

const next = <M>(channel: ReturnType<typeof createChannel<M>>) =>
  new Promise<M>((resolve) => {
    const stop = channel.listen((message) => {
      stop()
      resolve(message)
    })
  })

test('carries messages between channels of one name, not to others', async () => {
  const [a, b, other] = [
    createChannel<{ type: string }>('t'),
    createChannel<{ type: string }>('t'),
    createChannel('u'),
  ]
  const heardByOther = vi.fn()
  other.listen(heardByOther)
  const got = next(b)
  a.post({ type: 'tokens-updated' })
  expect(await got).toEqual({ type: 'tokens-updated' })
  expect(heardByOther).not.toHaveBeenCalled()
  for (const channel of [a, b, other]) channel.close()
})

test('unsubscribe stops delivery', async () => {
  const [a, b] = [createChannel<number>('t'), createChannel<number>('t')]
  const heard = vi.fn()
  const stop = b.listen(heard)
  const first = next(b)
  a.post(1)
  await first
  stop()
  const second = next(b)
  a.post(2)
  await second
  expect(heard.mock.calls).toEqual([[1]])
  a.close()
  b.close()
})

// A BroadcastChannel stand-in that records its instances and lets a test call the handlers itself.
class FakeChannel {
  static made: FakeChannel[] = []
  handlers: ((event: MessageEvent) => void)[] = []
  posted: unknown[] = []
  closed = false
  constructor(readonly name: string) {
    FakeChannel.made.push(this)
  }
  postMessage(message: unknown) {
    this.posted.push(message)
  }
  addEventListener(_type: string, handler: (event: MessageEvent) => void) {
    this.handlers.push(handler)
  }
  removeEventListener(_type: string, handler: (event: MessageEvent) => void) {
    this.handlers = this.handlers.filter((h) => h !== handler)
  }
  close() {
    this.closed = true
  }
}

test('opens nothing until first used, then one BroadcastChannel; close closes it', () => {
  FakeChannel.made = []
  vi.stubGlobal('BroadcastChannel', FakeChannel)
  const channel = createChannel<string>('lazy')
  expect(FakeChannel.made).toHaveLength(0)
  channel.post('x')
  channel.listen(() => {})
  expect(FakeChannel.made.map((c) => [c.name, c.posted])).toEqual([['lazy', ['x']]])
  channel.close()
  expect(FakeChannel.made[0]?.closed).toBe(true)
})

test('a listener that throws on a malformed message does not throw from the handler', () => {
  FakeChannel.made = []
  vi.stubGlobal('BroadcastChannel', FakeChannel)
  const channel = createChannel<{ type: string }>('t')
  channel.listen((message) => void message.type.toUpperCase())
  const handler = FakeChannel.made[0]?.handlers[0]
  expect(handler).toBeDefined()
  expect(() => handler?.(new MessageEvent('message', { data: null }))).not.toThrow()
})

test('a post that cannot be cloned does not throw', () => {
  const channel = createChannel<unknown>('t')
  expect(() => channel.post({ f: () => 1 })).not.toThrow()
  channel.close()
})

test('is a no-op where BroadcastChannel is missing', () => {
  vi.stubGlobal('BroadcastChannel', undefined)
  const channel = createChannel<string>('t')
  const heard = vi.fn()
  expect(() => {
    channel.post('x')
    channel.listen(heard)()
    channel.close()
  }).not.toThrow()
  expect(heard).not.toHaveBeenCalled()
})
