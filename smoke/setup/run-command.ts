import { spawn } from 'node:child_process'

/** Runs a command to completion; its output is shown only when it fails (keeps CI logs short). */
export function runCommand(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (code === 0) resolve()
      else
        reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed (${signal ?? code}):\n${output}`))
    })
  })
}
