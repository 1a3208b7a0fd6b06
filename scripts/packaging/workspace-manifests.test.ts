// The published packages as they sit in the workspace: what `pnpm pkg:check` cannot see from the
// tarballs (the workspace-only `lanyard-source` condition, the changesets setup) and what should
// fail fast without a build (licenses, changelogs).
import { read as readChangesetConfig } from '@changesets/config'
import { getPackages } from '@manypkg/get-packages'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publishablePackages, repoRoot } from './workspace-packages.mjs'

type Conditions = Record<string, string>
type Exports = Record<string, string | Conditions>

const packages = publishablePackages()
const rootLicense = readFileSync(join(repoRoot, 'LICENSE'), 'utf8')

function withoutSourceCondition(exports: Exports): Exports {
  return Object.fromEntries(
    Object.entries(exports).map(([subpath, target]) => [
      subpath,
      typeof target === 'string'
        ? target
        : Object.fromEntries(Object.entries(target).filter(([condition]) => condition !== 'lanyard-source')),
    ]),
  )
}

describe('the published packages', () => {
  it('are the four Lanyard packages', () => {
    expect(packages.map((pkg) => pkg.name)).toEqual([
      '@lanyard/core',
      '@lanyard/browser',
      '@lanyard/dev-provider',
      '@lanyard/react',
    ])
  })

  it('the root LICENSE is MIT', () => {
    expect(rootLicense).toMatch(/^MIT License\n/)
  })

  describe.each(packages)('$name', ({ dir, manifest }) => {
    it('has the root LICENSE and a CHANGELOG.md titled with its name', () => {
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(rootLicense)
      expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^# ${manifest.name}\n`))
    })

    it('lists "lanyard-source" first in every conditional export, pointing at a source file', () => {
      for (const [subpath, target] of Object.entries(manifest.exports as Exports)) {
        if (typeof target === 'string' || !('lanyard-source' in target)) continue
        expect(Object.keys(target)[0], `exports["${subpath}"]`).toBe('lanyard-source')
        expect(existsSync(join(dir, target['lanyard-source']!)), target['lanyard-source']).toBe(true)
      }
    })

    it('publishes the same exports without "lanyard-source" (publishConfig), publicly', () => {
      expect(manifest.publishConfig?.access).toBe('public')
      expect(manifest.publishConfig?.exports).toEqual(withoutSourceCondition(manifest.exports as Exports))
    })
  })
})

describe('changesets', () => {
  it('versions the published packages together (one fixed group), publicly, from main', async () => {
    const config = await readChangesetConfig(repoRoot, await getPackages(repoRoot))
    expect(config.fixed.map((group) => [...group].sort())).toEqual([packages.map((pkg) => pkg.name).sort()])
    expect(config.access).toBe('public')
    expect(config.baseBranch).toBe('main')
    expect(config.privatePackages).toEqual({ version: false, tag: false })
  })
})
