// The fresh app: smoke/app-template copied to a temporary folder outside the workspace, with its
// own package.json naming the tarballs, installed, type-checked and built with Vite.
import { cpSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCommand } from './run-command.ts'

const templateDir = fileURLToPath(new URL('../app-template', import.meta.url))
const smokeModules = fileURLToPath(new URL('../node_modules', import.meta.url))

// Registry dependencies of the app, at the exact versions the workspace lockfile gave smoke/: they
// are in the pnpm store already, so the app installs offline-first.
const REGISTRY_DEPENDENCIES = ['react', 'react-dom']
const REGISTRY_DEV_DEPENDENCIES = [
  'vite',
  '@vitejs/plugin-react',
  'typescript',
  '@types/react',
  '@types/react-dom',
]

export interface Tarball {
  name: string
  version: string
  tarball: string
}

function installedVersion(name: string): string {
  const packageJson = readFileSync(join(smokeModules, name, 'package.json'), 'utf8')
  return (JSON.parse(packageJson) as { version: string }).version
}

const pinned = (names: string[]) => Object.fromEntries(names.map((name) => [name, installedVersion(name)]))

function manifest(tarballs: Tarball[]): object {
  const fromTarball = Object.fromEntries(tarballs.map(({ name, tarball }) => [name, `file:${tarball}`]))
  const { ['@lanyard/dev-provider']: devProvider, ...sdk } = fromTarball
  return {
    name: 'lanyard-smoke-app',
    private: true,
    type: 'module',
    dependencies: { ...sdk, ...pinned(REGISTRY_DEPENDENCIES) },
    devDependencies: { '@lanyard/dev-provider': devProvider, ...pinned(REGISTRY_DEV_DEPENDENCIES) },
    // The packed @lanyard/react depends on "@lanyard/browser": "<version>": without this, that
    // would be looked up in the registry instead of taken from the tarball.
    pnpm: { overrides: fromTarball },
  }
}

/** Every @lanyard package the app installed must come from a tarball, never from the registry. */
function assertInstalledFromTarballs(appDir: string, tarballs: Tarball[]): void {
  for (const { name, version } of tarballs) {
    const installed = realpathSync(join(appDir, 'node_modules', name))
    const packageJson = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      version: string
    }
    if (!installed.includes('.tgz') || packageJson.version !== version) {
      throw new Error(
        `${name} was not installed from its tarball (${installed}, version ${packageJson.version})`,
      )
    }
  }
}

/** Creates, installs, type-checks and builds the app in `appDir`; returns its dist/ folder. */
export async function buildSmokeApp(
  appDir: string,
  tarballs: Tarball[],
  log: (step: string) => void,
): Promise<string> {
  cpSync(templateDir, appDir, { recursive: true })
  writeFileSync(join(appDir, 'package.json'), JSON.stringify(manifest(tarballs), null, 2))
  // Outside any workspace; the pnpm store is shared, so this links rather than downloads. CI sets
  // frozen-lockfile by default, and a fresh app has no lockfile.
  await runCommand(
    'pnpm',
    ['install', '--prefer-offline', '--no-frozen-lockfile', '--ignore-workspace', '--reporter=append-only'],
    appDir,
  )
  assertInstalledFromTarballs(appDir, tarballs)
  log('installed')
  // Independent: one core each.
  await Promise.all([
    runCommand(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], appDir).then(
      () => log('type-checked'),
    ),
    runCommand(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
      appDir,
    ).then(() => log('built')),
  ])
  return join(appDir, 'dist')
}
