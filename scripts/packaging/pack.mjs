// Packs workspace packages exactly as `pnpm publish` would (workspace:* ranges rewritten,
// publishConfig applied) and unpacks tarballs for inspection.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * `pnpm pack` one package into `destination`.
 * @returns {{ name: string, version: string, tarball: string, files: string[] }}
 */
export function packPackage(dir, destination) {
  if (!existsSync(join(dir, 'dist'))) {
    throw new Error(`${dir} has no dist/: run \`pnpm build\` before packing`)
  }
  mkdirSync(destination, { recursive: true })
  const output = execFileSync('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const packed = JSON.parse(output)
  return {
    name: packed.name,
    version: packed.version,
    tarball: packed.filename,
    files: packed.files.map((file) => file.path),
  }
}

/** Unpack a tarball into `destination` (its files land in `destination/package/`). */
export function unpackTarball(tarball, destination) {
  mkdirSync(destination, { recursive: true })
  execFileSync('tar', ['-xzf', tarball, '-C', destination], { stdio: 'inherit' })
  return join(destination, 'package')
}
