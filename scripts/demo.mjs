#!/usr/bin/env node
// `pnpm demo`: builds the SDK, starts the dev provider (http://localhost:9000) and serves the
// script-tag demo page (http://localhost:4173). Ctrl-C stops both.
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const build = spawnSync('pnpm', ['-r', '--filter', './packages/*', 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

const children = [
  spawn('node', ['packages/dev-provider/bin/lanyard-dev-provider.js', '--port', '9000'], {
    cwd: root,
    stdio: 'inherit',
  }),
  spawn('node', ['e2e/serve.mjs', '--port', '4173'], { cwd: root, stdio: 'inherit' }),
]
const stop = () => {
  for (const child of children) child.kill('SIGTERM')
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const child of children) child.on('exit', (code) => code && stop())
setTimeout(() => console.log('\n  Lanyard demo: http://localhost:4173/  (sign in with any username)\n'), 1500)
