import { vi } from 'vitest'
import { createFakeProvider, type FakeProvider, type FakeProviderOptions } from './fake-provider.ts'

/** The browser's view of the fake provider: {@link FakeProvider} plus redirect capture. */
export type FakeOp = FakeProvider

/**
 * A {@link FakeProvider} that also captures `location.assign` (redirects to the provider) as its
 * authorization requests. Undo with `vi.restoreAllMocks()`.
 */
export function fakeOp(options: FakeProviderOptions = {}): FakeOp {
  const op = createFakeProvider(options)
  vi.spyOn(window.location, 'assign').mockImplementation((url: string | URL) => op.authorize(url))
  return op
}
