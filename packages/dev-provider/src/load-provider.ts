import type { Configuration, default as ProviderClass } from 'oidc-provider'

type ProviderConstructor = typeof ProviderClass

const isProviderNotice = (args: unknown[]): boolean =>
  typeof args[0] === 'string' && args[0].startsWith('oidc-provider ')

// oidc-provider prints notices on import and construction ("Unsupported runtime" on Node 20,
// "devInteractions is enabled"…) that are expected for a dev server; drop them, keep the rest.
async function withoutProviderNotices<T>(run: () => T | Promise<T>): Promise<T> {
  const { warn, info } = console
  console.warn = (...args: unknown[]) => void (isProviderNotice(args) || warn(...args))
  console.info = (...args: unknown[]) => void (isProviderNotice(args) || info(...args))
  try {
    return await run()
  } finally {
    console.warn = warn
    console.info = info
  }
}

let imported: Promise<ProviderConstructor> | undefined

/** Construct an oidc-provider instance without its development notices. */
export async function createProvider(issuer: string, configuration: Configuration): Promise<ProviderClass> {
  // Imported once: the runtime warning is printed when the module is evaluated.
  imported ??= withoutProviderNotices(async () => (await import('oidc-provider')).default)
  const Provider = await imported
  return withoutProviderNotices(() => new Provider(issuer, configuration))
}
