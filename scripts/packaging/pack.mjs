// Packs workspace packages exactly as `pnpm publish` would (workspace:* ranges rewritten,
// publishConfig applied) and unpacks tarballs for inspection.
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/**
 * `pnpm pack` one package into `destination`.
 * @returns {Promise<{ name: string, version: string, tarball: string, files: string[] }>}
 */
export async function packPackage(dir, destination) {
  if (!existsSync(join(dir, 'dist'))) {
    throw new Error(`${dir} has no dist/: run \`pnpm build\` before packing`)
  }
  mkdirSync(destination, { recursive: true })
  const { stdout } = await execFileAsync('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd: dir,
    encoding: 'utf8',
  })
  const packed = JSON.parse(stdout)
  return {
    name: packed.name,
    version: packed.version,
    tarball: packed.filename,
    files: packed.files.map((file) => file.path),
  }
}

/** Packs several packages at once (pnpm's start-up dominates the time of one pack). */
export function packPackages(dirs, destination) {
  return Promise.all(dirs.map((dir) => packPackage(dir, destination)))
}

/** Unpack a tarball into `destination` (its files land in `destination/package/`). */
export function unpackTarball(tarball, destination) {
  mkdirSync(destination, { recursive: true })
  execFileSync('tar', ['-xzf', tarball, '-C', destination], { stdio: 'inherit' })
  return join(destination, 'package')
}
