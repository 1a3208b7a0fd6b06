// The public API. `export *` of modules whose exports are all public (index.test.ts pins the list):
// with named re-exports, esbuild's code splitting puts every re-exported file into the start-up
// chunk as soon as one is used there, so an app could not load the protocol lazily.
export * from './errors.ts'
export * from './discovery.ts'
export * from './url.ts'
export * from './metadata.ts'
export * from './jwks.ts'
export * from './context.ts'
export type { HttpOptions } from './http.ts'
export * from './scope.ts'
export type { Transaction } from './transaction.ts'
export * from './authorize.ts'
export * from './callback.ts'
export * from './tokens.ts'
export * from './audience.ts'
export * from './logout.ts'
export * from './dpop.ts'
export * from './resource.ts'
