// Bundles the benchmark pages (src/pages/*.ts) as an app bundler (Vite) builds an app: minified ES
// modules with code splitting (a dynamic `import()` becomes a chunk loaded when it runs), the SDKs
// in their production builds and Lanyard from its TypeScript source (the `lanyard-source`
// condition), so every SDK runs the code an app would ship. They go to node_modules/.cache/: build
// output that git, ESLint and Prettier already leave alone.
import { build } from 'esbuild'
import { rm, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { PAGES } from './env.ts'

export const BUNDLE_DIR = fileURLToPath(
  new URL('../node_modules/.cache/lanyard-bench/pages', import.meta.url),
)

/**
 * Per page: its entry's file (content-hashed, as Vite names it) and the chunks the entry imports
 * statically (the page preloads them, as Vite's HTML does).
 */
export const PRELOADS_FILE = 'preloads.json'

export interface PageFiles {
  entry: string
  preloads: string[]
}

export async function buildPages(): Promise<void> {
  // The server serves every file there: no chunk of an earlier build.
  await rm(BUNDLE_DIR, { recursive: true, force: true })
  const { metafile } = await build({
    entryPoints: PAGES.map((name) => fileURLToPath(new URL(`./pages/${name}.ts`, import.meta.url))),
    outdir: BUNDLE_DIR,
    entryNames: 'chunks/[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['lanyard-source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    // When the entry starts running (after it and its static chunks were fetched and compiled):
    // for `pnpm bench:profile`. (Every chunk gets it; the entry's is the last before its code.)
    banner: { js: "performance.mark('bundle start');" },
    logLevel: 'warning',
  })
  const servedPath = (file: string) => '/' + file.slice(file.lastIndexOf('/chunks/') + 1)
  const pages: Record<string, PageFiles> = {}
  for (const [file, output] of Object.entries(metafile.outputs)) {
    const name = PAGES.find((page) => output.entryPoint?.endsWith(`/pages/${page}.ts`))
    if (!name) continue
    pages[name] = {
      entry: servedPath(file),
      preloads: output.imports
        .filter((imported) => imported.kind === 'import-statement')
        .map((imported) => servedPath(imported.path)),
    }
  }
  await writeFile(`${BUNDLE_DIR}/${PRELOADS_FILE}`, JSON.stringify(pages))
}
