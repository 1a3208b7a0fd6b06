#!/usr/bin/env node
// Runs the built CLI, dist/cli.js: what the npm package ships, with no TypeScript runtime.
// Only in a checkout of the Lanyard repository that was not built yet does it fall back to the
// TypeScript source through tsx, a devDependency there (after editing src/, rebuild or delete dist/).
import { existsSync } from 'node:fs'

const built = new URL('../dist/cli.js', import.meta.url)
if (existsSync(built)) {
  await import(built.href)
} else {
  const tsx = await import('tsx/esm/api').catch(() => undefined)
  if (!tsx) {
    console.error(
      'lanyard-dev-provider: dist/cli.js is missing; run `pnpm --filter @lanyard/dev-provider build`.',
    )
    process.exit(1)
  }
  tsx.register()
  await import(new URL('../src/cli.ts', import.meta.url).href)
}
