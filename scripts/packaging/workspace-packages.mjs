// The packages this repository publishes: every packages/* whose package.json is not private.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (two levels above this file). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * The published workspace packages, in dependency order (core before browser before react).
 * @returns {{ name: string, dir: string, manifest: Record<string, any> }[]}
 */
export function publishablePackages(root = repoRoot) {
  const packagesDir = join(root, 'packages')
  const found = readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(packagesDir, entry.name))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir, manifest }))
  return sortByDependencies(found)
}

function sortByDependencies(packages) {
  const names = new Set(packages.map((pkg) => pkg.name))
  const sorted = []
  const visit = (pkg, path = []) => {
    if (sorted.includes(pkg)) return
    if (path.includes(pkg.name)) throw new Error(`dependency cycle: ${[...path, pkg.name].join(' → ')}`)
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) {
      if (names.has(dep))
        visit(
          packages.find((other) => other.name === dep),
          [...path, pkg.name],
        )
    }
    sorted.push(pkg)
  }
  for (const pkg of [...packages].sort((a, b) => a.name.localeCompare(b.name))) visit(pkg)
  return sorted
}
