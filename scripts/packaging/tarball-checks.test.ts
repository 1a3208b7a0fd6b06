// The tarball checks against a well-formed package and one mutation at a time: each check must
// accept the good package and name exactly what a broken one gets wrong.
import { describe, expect, it } from 'vitest'
import {
  checkExports,
  checkLicenseAndDocs,
  checkMetadata,
  checkReadme,
  checkSourceMaps,
} from './tarball-checks.mjs'

const REPO = 'https://github.com/example/lanyard'
const LICENSE = 'MIT License\n\nCopyright (c) the authors\n'

interface Fixture {
  manifest: Record<string, unknown>
  contents: Record<string, string>
}

function good(): Fixture {
  return {
    manifest: {
      name: '@lanyard/example',
      version: '1.0.0',
      description: 'An example.',
      license: 'MIT',
      homepage: `${REPO}/tree/main/packages/example#readme`,
      repository: { type: 'git', url: `git+${REPO}.git`, directory: 'packages/example' },
      bugs: { url: `${REPO}/issues` },
      keywords: ['oauth'],
      type: 'module',
      exports: {
        '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
      },
      main: './dist/index.js',
      types: './dist/index.d.ts',
      dependencies: { oauth4webapi: '^3.8.8' },
    },
    contents: {
      'package.json': '{}',
      LICENSE,
      'CHANGELOG.md': '# @lanyard/example\n',
      'README.md': `# @lanyard/example\n\n\`\`\`sh\nnpm install @lanyard/example\n\`\`\`\n\n\`\`\`ts\nimport '@lanyard/example'\n\`\`\`\n\n[docs](${REPO}#readme)\n`,
      'dist/index.js': 'export {}\n//# sourceMappingURL=index.js.map',
      'dist/index.js.map': JSON.stringify({
        version: 3,
        sources: ['../src/index.ts'],
        sourcesContent: ['export {}'],
      }),
      'dist/index.d.ts': 'export {}\n',
    },
  }
}

function unpacked({ manifest, contents }: Fixture) {
  return {
    manifest,
    files: Object.keys(contents),
    read: (path: string) => {
      const text = contents[path]
      if (text === undefined) throw new Error(`no ${path}`)
      return text
    },
  }
}

function run(fixture: Fixture): string[] {
  const pkg = unpacked(fixture)
  return [
    ...checkLicenseAndDocs(pkg, LICENSE),
    ...checkMetadata(pkg, REPO),
    ...checkExports(pkg),
    ...checkSourceMaps(pkg),
    ...checkReadme(pkg, REPO),
  ]
}

describe('tarball checks', () => {
  it('accept a well-formed package', () => {
    expect(run(good())).toEqual([])
  })

  it.each(['LICENSE', 'README.md', 'CHANGELOG.md'])('report a tarball without %s', (file) => {
    const fixture = good()
    delete fixture.contents[file]
    expect(run(fixture)).toContain(`${file} is not in the tarball`)
  })

  it('report a LICENSE that is not the root one, and a license other than MIT', () => {
    const fixture = good()
    fixture.contents.LICENSE = 'All rights reserved.\n'
    fixture.manifest.license = 'ISC'
    expect(run(fixture)).toEqual([
      '"license" is "ISC", not "MIT"',
      'LICENSE differs from the repository root LICENSE',
    ])
  })

  it.each([
    ['repository', '"repository.url" should be git+https://github.com/example/lanyard.git'],
    ['homepage', '"homepage" should be a page under https://github.com/example/lanyard'],
    ['bugs', '"bugs.url" should be https://github.com/example/lanyard/issues'],
    ['keywords', '"keywords" is empty'],
  ])('report a missing "%s"', (field, problem) => {
    const fixture = good()
    delete fixture.manifest[field]
    expect(run(fixture)).toContain(problem)
  })

  it('report a workspace: range left in dependencies', () => {
    const fixture = good()
    fixture.manifest.dependencies = { '@lanyard/core': 'workspace:*' }
    expect(run(fixture)).toEqual([
      'dependencies.@lanyard/core is "workspace:*": only registry ranges can be installed',
    ])
  })

  it('report the workspace-only lanyard-source condition, and types/default out of place', () => {
    const fixture = good()
    fixture.manifest.exports = {
      '.': { 'lanyard-source': './src/index.ts', import: './dist/index.js', types: './dist/index.d.ts' },
    }
    expect(run(fixture)).toEqual([
      'exports["."] has the workspace-only "lanyard-source" condition',
      'exports["."]: "types" must come first (has lanyard-source, import, types)',
      'exports["."]: "default" must come last (has lanyard-source, import, types)',
      './src/index.ts is named in package.json but not in the tarball',
    ])
  })

  it('report an export without types (e.g. the <script> build)', () => {
    const fixture = good()
    fixture.contents['dist/lanyard.iife.js'] = '(()=>{})()'
    fixture.manifest.exports = { ...(fixture.manifest.exports as object), './iife': './dist/lanyard.iife.js' }
    expect(run(fixture)).toEqual([
      'exports["./iife"] is a bare path: give it "types" and "default" conditions',
    ])
  })

  it('report files named in package.json that are not shipped (exports, bin)', () => {
    const fixture = good()
    fixture.manifest.bin = { example: './bin/example.js' }
    delete fixture.contents['dist/index.d.ts']
    expect(run(fixture)).toEqual([
      './dist/index.d.ts is named in package.json but not in the tarball',
      './bin/example.js is named in package.json but not in the tarball',
    ])
  })

  it('report a source map without sourcesContent, and one that is not shipped', () => {
    const fixture = good()
    fixture.contents['dist/index.js.map'] = JSON.stringify({ version: 3, sources: ['../src/index.ts'] })
    fixture.contents['dist/other.js'] = 'export {}\n//# sourceMappingURL=other.js.map'
    expect(run(fixture)).toEqual([
      'dist/index.js.map has no sourcesContent for ../src/index.ts',
      'dist/other.js points at other.js.map, which is not in the tarball',
    ])
  })

  it('report a README without install command, example or link to the main docs', () => {
    const fixture = good()
    fixture.contents['README.md'] = '# @lanyard/example\n\nSome text.\n'
    expect(run(fixture)).toEqual([
      'README.md shows no install command for @lanyard/example',
      'README.md has no code example',
      'README.md does not link to the main docs (https://github.com/example/lanyard#readme)',
    ])
  })
})
