// Core's binding to the shared fake provider: a ClientContext over its fetch, with its JWKS
// already cached (as the browser keeps it with the metadata), so a code exchange makes exactly
// one request unless a test wants the JWKS fetched.
// Test-only (tsconfig.build excludes src/test-utils): the rule keeping shipped core code on
// oauth4webapi alone does not apply here.
// eslint-disable-next-line no-restricted-imports
import { createFakeProvider, type FakeProvider, type Handler } from '@lanyard/test-utils'
import {
  createContext,
  type AuthorizationServer,
  type ClientContext,
  type ContextOptions,
} from '../context.ts'

export interface TestContext {
  ctx: ClientContext
  op: FakeProvider
  /** Every request the context sent. */
  calls: FakeProvider['requests']
}

/**
 * A context for `op` (default: a new fake provider) answering with `handler` first, bound to
 * `as` (default: the provider's metadata).
 */
export async function context(
  handler?: Handler,
  as?: AuthorizationServer,
  options: Partial<ContextOptions> & { op?: FakeProvider; cachedJwks?: boolean } = {},
): Promise<TestContext> {
  const { op = createFakeProvider(), cachedJwks = true, ...contextOptions } = options
  op.handler = handler
  const jwksCache = cachedJwks ? { jwks: await op.jwks(), uat: Math.floor(Date.now() / 1000) } : {}
  const ctx = createContext(as ?? (op.metadata as unknown as AuthorizationServer), {
    clientId: op.clientId,
    fetch: op.fetch,
    timeoutMs: 2000,
    jwksCache,
    ...contextOptions,
  })
  return { ctx, op, calls: op.requests }
}
