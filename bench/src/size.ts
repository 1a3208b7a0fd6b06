// 1. Size: each SDK's entry (src/size-entries/) bundled the way scripts/size.mjs bundles Lanyard's:
// esbuild --bundle --minify, ESM for the browser, react external, production defines; then
// minified, gzip -9 and brotli (max quality) bytes. With code splitting, as an app's bundler does,
// the bytes counted are the entry chunk and what it imports statically (what every page loads);
// chunks only reached by a dynamic import() are reported separately (`lazy`).
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

export interface SizeRow {
  name: string
  entry: string
  /** The vanilla row a React row adds to (for the "+ React" column). */
  base?: string
  /** Count every chunk, lazy ones included (the whole SDK with its optional parts). */
  all?: boolean
  minified?: number
  gzip?: number
  brotli?: number
  /** gzip bytes of chunks loaded only by dynamic import(). */
  lazyGzip?: number
  error?: string
}

const REACT = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client']

export const SIZE_ROWS: readonly SizeRow[] = [
  // The entries `pnpm size` budgets, so both report the same bytes.
  { name: 'Lanyard', entry: '../../../scripts/size-entry.ts' },
  { name: '@lanyard/react', entry: '../../../scripts/size-entry-react.ts', base: 'Lanyard' },
  { name: 'Lanyard + DPoP', entry: '../../../scripts/size-entry-dpop.ts' },
  // The whole SDK, lazy chunks included (peers ship theirs in one piece).
  { name: 'Lanyard, every chunk', entry: '../../../scripts/size-entry.ts', all: true },
  { name: 'Lanyard + DPoP, every chunk', entry: '../../../scripts/size-entry-dpop.ts', all: true },
  { name: 'auth0-spa-js', entry: 'auth0-spa-js.ts' },
  { name: 'auth0-react', entry: 'auth0-react.ts', base: 'auth0-spa-js' },
  { name: 'oidc-client-ts', entry: 'oidc-client-ts.ts' },
  { name: 'react-oidc-context', entry: 'react-oidc-context.ts', base: 'oidc-client-ts' },
  { name: 'msal-browser', entry: 'msal-browser.ts' },
  { name: 'okta-auth-js (/core)', entry: 'okta-auth-js.ts' },
  { name: 'okta-auth-js (default entry)', entry: 'okta-auth-js-default.ts' },
]

const entriesDir = fileURLToPath(new URL('./size-entries/', import.meta.url))
const benchDir = fileURLToPath(new URL('..', import.meta.url))

const gzip = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).byteLength
const brotli = (bytes: Uint8Array) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
    },
  }).byteLength

async function measure(row: SizeRow): Promise<SizeRow> {
  try {
    const result = await build({
      absWorkingDir: benchDir,
      entryPoints: [entriesDir + row.entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['lanyard-source'],
      external: REACT,
      define: { 'process.env.NODE_ENV': '"production"' },
      legalComments: 'none',
      splitting: true,
      outdir: 'size-out', // nothing is written (write: false); names the chunks
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const outputs = result.metafile.outputs
    const entryPath = Object.keys(outputs).find((path) => outputs[path]?.entryPoint)
    if (!entryPath) throw new Error('esbuild produced no entry chunk')
    const startup = new Set<string>()
    const visit = (path: string) => {
      if (startup.has(path)) return
      startup.add(path)
      for (const i of outputs[path]?.imports ?? [])
        if (i.kind === 'import-statement' && !i.external) visit(i.path)
    }
    visit(entryPath)
    const relative = (abs: string) => abs.slice(benchDir.length)
    const js = result.outputFiles.filter((f) => f.path.endsWith('.js'))
    const loaded = js.filter((f) => row.all || startup.has(relative(f.path)))
    const lazy = js.filter((f) => !loaded.includes(f))
    const sum = (files: typeof js, fn: (b: Uint8Array) => number) =>
      files.reduce((total, f) => total + fn(f.contents), 0)
    return {
      ...row,
      minified: sum(loaded, (b) => b.byteLength),
      gzip: sum(loaded, gzip),
      brotli: sum(loaded, brotli),
      lazyGzip: sum(lazy, gzip),
    }
  } catch (error) {
    const errors = (error as { errors?: { text: string }[] }).errors
    return { ...row, error: errors?.map((e) => e.text).join('; ') ?? String(error) }
  }
}

export async function measureSizes(): Promise<SizeRow[]> {
  return Promise.all(SIZE_ROWS.map(measure))
}
