// Bundles the benchmark pages (src/pages/*.ts) as minified IIFE scripts, the SDKs in their
// production builds and Lanyard from its TypeScript source (the `lanyard-source` condition), so
// every SDK runs the code an app would ship. They go to node_modules/.cache/: build output that
// git, ESLint and Prettier already leave alone.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { PAGES } from './env.ts'

export const BUNDLE_DIR = fileURLToPath(
  new URL('../node_modules/.cache/lanyard-bench/pages', import.meta.url),
)

export async function buildPages(): Promise<void> {
  await build({
    entryPoints: PAGES.map((name) => fileURLToPath(new URL(`./pages/${name}.ts`, import.meta.url))),
    outdir: BUNDLE_DIR,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['lanyard-source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    // When the bundle starts running (after it was fetched and compiled): for `pnpm bench:profile`.
    banner: { js: "performance.mark('bundle start');" },
    logLevel: 'warning',
  })
}
