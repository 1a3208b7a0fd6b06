import type { Page } from '@playwright/test'
import { startDevProvider } from '../start.ts'
import type { DevProvider, DevProviderOptions, DiscoveryDocument, Faults, RequestLogEntry } from '../types.ts'
import { signIn, type SignInOptions } from './sign-in.ts'

/** A running dev provider with what a browser test needs on top: its metadata, log filters, a sign-in. */
export interface TestProvider extends DevProvider {
  /** The discovery document, fetched once at start. */
  readonly metadata: DiscoveryDocument
  /** The first client's ID (`lanyard-dev` for the default client). */
  readonly clientId: string
  /** The request log filtered to one endpoint (a URL or a path; the query is ignored) and, optionally, a method. */
  requestsTo(endpoint: string, method?: string): RequestLogEntry[]
  /** Empty the request log and turn every fault off: what each test starts with. */
  reset(): void
  /** Sign in as a user at this provider's login page in `page` (see {@link signIn}). */
  signIn(page: Page, options?: SignInOptions): Promise<URL | null>
}

async function fetchDiscovery(provider: DevProvider): Promise<DiscoveryDocument> {
  const url = `${provider.baseUrl}/.well-known/openid-configuration`
  const response = await fetch(url)
  if (!response.ok) throw new Error(`dev provider discovery at ${url}: HTTP ${response.status}`)
  return (await response.json()) as DiscoveryDocument
}

/** Wrap a running dev provider (getters stay live: `requests` and `faults` are read on every access). */
function withTestHelpers(provider: DevProvider, metadata: DiscoveryDocument): TestProvider {
  const requestsTo = (endpoint: string, method?: string): RequestLogEntry[] => {
    const path = new URL(endpoint, provider.origin).pathname
    const wanted = method?.toUpperCase()
    return provider.requests.filter((entry) => entry.path === path && (!wanted || entry.method === wanted))
  }
  return {
    issuer: provider.issuer,
    origin: provider.origin,
    baseUrl: provider.baseUrl,
    port: provider.port,
    clients: provider.clients,
    clientId: provider.clients[0]?.clientId ?? '',
    metadata,
    get requests() {
      return provider.requests
    },
    get faults() {
      return provider.faults
    },
    clearRequests: () => provider.clearRequests(),
    setFaults: (faults: Faults) => provider.setFaults(faults),
    close: () => provider.close(),
    requestsTo,
    reset() {
      provider.clearRequests()
      provider.setFaults({})
    },
    signIn: (page, options) => signIn(page, provider, options),
  }
}

/**
 * Start a dev provider for a test run: in this process, on a free port (`port: 0` unless given) and
 * quiet, with its discovery document at hand. Close it when done.
 */
export async function startTestProvider(options: DevProviderOptions = {}): Promise<TestProvider> {
  const provider = await startDevProvider({ port: 0, quiet: true, ...options })
  try {
    return withTestHelpers(provider, await fetchDiscovery(provider))
  } catch (error) {
    await provider.close()
    throw error
  }
}
