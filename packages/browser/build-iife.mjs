// The <script> tag build: everything (core, oauth4webapi, idb-keyval) in one file exposing
// `window.Lanyard`.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/iife.ts'],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  globalName: 'Lanyard',
  platform: 'browser',
  target: 'es2022',
  conditions: ['lanyard-source'],
  legalComments: 'none',
  outfile: 'dist/lanyard.iife.js',
})
