import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../bin/lanyard-dev-provider.js', import.meta.url))

let child: ChildProcess | undefined

afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL')
})

/** Resolve with stdout once `pattern` shows up in it. */
function waitForOutput(process: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`timed out; output so far:\n${output}`)), 20_000)
    process.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = pattern.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match)
      }
    })
    process.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    process.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)))
  })
}

describe('lanyard-dev-provider', () => {
  it(
    'serves discovery, prints the client configuration and stops on SIGTERM',
    { timeout: 30_000 },
    async () => {
      child = spawn(process.execPath, [BIN, '--port', '0', '--client-id', 'cli-test'], { stdio: 'pipe' })
      const [, json = ''] = await waitForOutput(child, /Client configuration:\n(\{[\s\S]*?\n\})/)
      const config = JSON.parse(json) as { issuer: string; clientId: string; redirectUri: string }
      expect(config).toMatchObject({ clientId: 'cli-test', redirectUri: 'http://localhost:5173/callback' })
      expect(config.issuer).toMatch(/^http:\/\/localhost:\d+$/)

      const discovery = await fetch(`${config.issuer}/.well-known/openid-configuration`)
      expect(((await discovery.json()) as { issuer: string }).issuer).toBe(config.issuer)

      const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    },
  )
})
