// What the numbers were measured on, for RESULTS.md: the machine, the runtimes and every package
// version that went into a bundle.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os'
import { fileURLToPath } from 'node:url'
import { version as esbuildVersion } from 'esbuild'

const benchDir = fileURLToPath(new URL('..', import.meta.url))
const repoDir = fileURLToPath(new URL('../..', import.meta.url))

export const PEERS = [
  '@auth0/auth0-spa-js',
  '@auth0/auth0-react',
  'oidc-client-ts',
  'react-oidc-context',
  '@azure/msal-browser',
  '@okta/okta-auth-js',
  'react',
  'react-dom',
  'playwright-core',
] as const

export interface Machine {
  date: string
  os: string
  cpu: string
  cores: number
  memoryGiB: number
  loadAverage: number[]
  /** Filled in when the run ends: the machine may be shared (other sessions' tests). */
  loadAverageEnd?: number[]
  node: string
  chromium: string
  esbuild: string
  lanyard: string
  packages: Record<string, string>
}

const packageVersion = (dir: string) =>
  (JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { version?: string }).version ?? '?'

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]
    return `${pretty ?? type()} (${type()} ${release()})`
  } catch {
    return `${type()} ${release()}`
  }
}

function lanyardVersion(): string {
  const version = packageVersion(`${repoDir}/packages/browser`)
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoDir, encoding: 'utf8' }).trim()
    const dirty = git('status', '--porcelain', '--', 'packages').length > 0
    return `${version} (git ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in packages/' : ''})`
  } catch {
    return version
  }
}

export const loadAverage = () => loadavg().map((n) => Math.round(n * 100) / 100)

export function describeMachine(chromium: string): Machine {
  const packages: Record<string, string> = {}
  for (const name of PEERS) packages[name] = packageVersion(`${benchDir}/node_modules/${name}`)
  return {
    date: new Date().toISOString(),
    os: osName(),
    cpu: cpus()[0]?.model ?? '?',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: loadAverage(),
    node: process.version,
    chromium,
    esbuild: esbuildVersion,
    lanyard: lanyardVersion(),
    packages,
  }
}
