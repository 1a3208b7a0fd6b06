// The README's promises about packaging: the <script> quickstart pins the current version with a
// Subresource Integrity hash, and the packages table covers every folder of the workspace.
import { getPackages } from '@manypkg/get-packages'
import { readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8')
const browserVersion = (JSON.parse(read('packages/browser/package.json')) as { version: string }).version

/** Every workspace package's folder, relative to the root (what pnpm-workspace.yaml names). */
async function workspaceFolders(): Promise<string[]> {
  const { packages } = await getPackages(repoRoot)
  return packages.map((pkg) => relative(repoRoot, pkg.dir).split(sep).join('/')).sort()
}
const folders = await workspaceFolders()

describe.each(['README.md', 'packages/browser/README.md'])('%s <script> quickstart', (file) => {
  const tag = /<script\s[^>]*src="https:\/\/[^"]*lanyard\.iife\.js"[^>]*>/.exec(read(file))?.[0] ?? ''

  it(`pins @lanyard/browser@${browserVersion} (the current version, not a range or latest)`, () => {
    expect(tag).toContain(`src="https://unpkg.com/@lanyard/browser@${browserVersion}/dist/lanyard.iife.js"`)
  })

  it('has a SHA-384 integrity attribute and crossorigin="anonymous" (needed for SRI on a CDN)', () => {
    expect(tag).toMatch(/\sintegrity="sha384-[A-Za-z0-9+/=]+"/)
    expect(tag).toMatch(/\scrossorigin="anonymous"/)
  })

  it('explains how to compute the hash', () => {
    expect(read(file)).toContain(
      'openssl dgst -sha384 -binary node_modules/@lanyard/browser/dist/lanyard.iife.js',
    )
  })
})

describe('README packages table', () => {
  const section = /\n## Packages\n([\s\S]*?)\n## /.exec(read('README.md'))?.[1] ?? ''
  const firstColumn = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|')[1]!)

  it.each(folders)('has a row for %s', (folder) => {
    expect(
      firstColumn.some((cell) => cell.includes(`\`${folder}\``) || cell.includes(`\`${folder}/\``)),
    ).toBe(true)
  })

  it('covers the workspace (the table parser sees the folders)', () => {
    expect(folders).toEqual(expect.arrayContaining(['packages/core', 'demo', 'e2e', 'bench', 'smoke']))
  })
})
