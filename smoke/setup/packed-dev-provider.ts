// Starts the dev provider from the app's node_modules/.bin (the packed package's own bin, built JS
// or whatever it runs) on a port the system picks, and stops it.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'

export interface PackedDevProvider {
  issuer: string
  /** What it printed so far (request lines), for a failure report. */
  output(): string
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 60_000
const ISSUER_LINE = /(http:\/\/localhost:\d+)/

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/**
 * `lanyard-dev-provider --port 0 --client-id … --redirect-uri …` from `appDir`; resolves once its
 * discovery document answers.
 */
export async function startPackedDevProvider(
  appDir: string,
  { clientId, redirectUris }: { clientId: string; redirectUris: string[] },
): Promise<PackedDevProvider> {
  const bin = join(appDir, 'node_modules', '.bin', 'lanyard-dev-provider')
  const args = [
    '--port',
    '0',
    '--client-id',
    clientId,
    ...redirectUris.flatMap((uri) => ['--redirect-uri', uri]),
  ]
  const child = spawn(bin, args, { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail('did not print its issuer'), START_TIMEOUT_MS)
    function fail(why: string) {
      clearTimeout(timer)
      reject(new Error(`the packed dev provider ${why}:\n${output}`))
    }
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const found = ISSUER_LINE.exec(output)?.[1]
      if (found) {
        clearTimeout(timer)
        resolve(found)
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', (error) => fail(`could not start (${error.message})`))
    child.on('exit', (code, signal) => fail(`exited (${signal ?? code})`))
  }).catch(async (error: unknown) => {
    await stopChild(child)
    throw error
  })
  const discovery = await fetch(`${issuer}/.well-known/openid-configuration`)
  if (!discovery.ok) {
    await stopChild(child)
    throw new Error(`the packed dev provider answered discovery with ${discovery.status}`)
  }
  return { issuer, output: () => output, stop: () => stopChild(child) }
}
