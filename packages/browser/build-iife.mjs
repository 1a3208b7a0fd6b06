// The <script> tag build: everything (core, oauth4webapi, idb-keyval) in one file exposing
// `window.Lanyard`, its source map (sources included: src/ is not published) and its types
// (`@lanyard/browser/iife`: a global declaration over the types tsc emitted for src/iife.ts).
import { build } from 'esbuild'
import { readFile, writeFile } from 'node:fs/promises'

// Dependencies' own source maps (oauth4webapi's) name sources they do not ship, which would leave
// holes in our map's sourcesContent: map dependencies to their shipped JavaScript instead.
const dependencyMapsIgnored = {
  name: 'ignore-dependency-source-maps',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.m?js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(/^\/\/# sourceMappingURL=.*$/gm, ''),
      loader: 'js',
    }))
  },
}

await build({
  entryPoints: ['src/iife.ts'],
  bundle: true,
  minify: true,
  sourcemap: true,
  sourcesContent: true,
  format: 'iife',
  globalName: 'Lanyard',
  platform: 'browser',
  target: 'es2022',
  conditions: ['lanyard-source'],
  legalComments: 'none',
  outfile: 'dist/lanyard.iife.js',
  plugins: [dependencyMapsIgnored],
})

// Runs after tsc (see "build" in package.json), which wrote dist/iife.d.ts.
const iifeTypes = `// Types for the <script> build (dist/lanyard.iife.js), which defines the global \`Lanyard\`.
// In a TypeScript file of a page that loads it: /// <reference types="@lanyard/browser/iife" />
import type * as LanyardGlobal from './iife.js'

declare global {
  /** The \`<script>\` build of @lanyard/browser: \`Lanyard.createAuthClient(...)\`. */
  var Lanyard: typeof LanyardGlobal
}

export {}
`
await writeFile('dist/lanyard.iife.d.ts', iifeTypes)
