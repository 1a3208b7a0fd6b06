// Refuses to test a stale build: the e2e pages load @lanyard/browser's IIFE bundle and the fixtures
// load @lanyard/dev-provider's built JS (Playwright does not transpile packages), so a source file
// newer than its package's build means the run would test old code. `pnpm e2e` builds first; this
// catches a direct `playwright test` after an edit.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const packages = fileURLToPath(new URL('../packages/', import.meta.url))

/** Built outputs, and the packages whose sources they are built from (the IIFE bundles core's). */
const BUILDS: { output: string; sources: string[] }[] = [
  { output: 'browser/dist/lanyard.iife.js', sources: ['core', 'browser'] },
  { output: 'dev-provider/dist/index.js', sources: ['dev-provider'] },
]

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 }
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue
    const file = join(entry.parentPath, entry.name)
    const { mtimeMs } = statSync(file)
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs }
  }
  return newest
}

export default function checkBuildIsFresh(): void {
  const stale: string[] = []
  for (const { output, sources } of BUILDS) {
    const built = join(packages, output)
    let builtAt: number
    try {
      builtAt = statSync(built).mtimeMs
    } catch {
      stale.push(`${built} is missing`)
      continue
    }
    for (const name of sources) {
      const source = newestSource(join(packages, name, 'src'))
      if (source.mtimeMs > builtAt) stale.push(`${source.file} is newer than ${built}`)
    }
  }
  if (stale.length > 0)
    throw new Error(
      `stale build, run \`pnpm build\` (or \`pnpm e2e\`, which builds first):\n  ${stale.join('\n  ')}`,
    )
}
