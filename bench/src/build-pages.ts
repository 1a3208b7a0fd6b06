// Bundles the benchmark pages (src/pages/*.ts) as an app bundler (Vite) builds an app: minified ES
// modules with code splitting (a dynamic `import()` becomes a chunk loaded when it runs), the SDKs
// in their production builds and Lanyard from its TypeScript source (the `lanyard-source`
// condition), so every SDK runs the code an app would ship. They go to node_modules/.cache/: build
// output that git, ESLint and Prettier already leave alone.
import { build } from 'esbuild'
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { PAGES } from './env.ts'

export const BUNDLE_DIR = fileURLToPath(
  new URL('../node_modules/.cache/lanyard-bench/pages', import.meta.url),
)

/** Per page: the chunks its entry imports statically (the page preloads them, as Vite's HTML does). */
export const PRELOADS_FILE = 'preloads.json'

export async function buildPages(): Promise<void> {
  const { metafile } = await build({
    entryPoints: PAGES.map((name) => fileURLToPath(new URL(`./pages/${name}.ts`, import.meta.url))),
    outdir: BUNDLE_DIR,
    entryNames: '[name]',
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
  const preloads: Record<string, string[]> = {}
  for (const [file, output] of Object.entries(metafile.outputs)) {
    const name = PAGES.find((page) => file.endsWith(`/${page}.js`))
    if (!name || !output.entryPoint) continue
    preloads[name] = output.imports
      .filter((imported) => imported.kind === 'import-statement')
      .map((imported) => '/' + imported.path.slice(imported.path.lastIndexOf('/chunks/') + 1))
  }
  await writeFile(`${BUNDLE_DIR}/${PRELOADS_FILE}`, JSON.stringify(preloads))
}
