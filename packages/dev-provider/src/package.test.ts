import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

interface PackageJson {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  exports: Record<string, Record<string, string>>
  files: string[]
}

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson

describe('@lanyard/dev-provider as published', () => {
  it('runs its built JS: no TypeScript runtime among the dependencies (tsx is for this repo only)', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['jose', 'oidc-provider'])
    expect(pkg.devDependencies).toHaveProperty('tsx')
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'bin']))
  })

  it('exports the provider and the Playwright helpers, built, with types; Playwright stays optional', () => {
    for (const [entry, file] of [
      ['.', 'index'],
      ['./playwright', 'playwright/index'],
    ] as const) {
      expect(pkg.exports[entry]).toMatchObject({
        types: `./dist/${file}.d.ts`,
        import: `./dist/${file}.js`,
        default: `./dist/${file}.js`,
      })
    }
    expect(pkg.peerDependenciesMeta?.['@playwright/test']?.optional).toBe(true)
  })
})
