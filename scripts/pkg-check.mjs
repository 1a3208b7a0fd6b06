#!/usr/bin/env node
// `pnpm pkg:check` (after `pnpm build`): checks what `pnpm publish` would ship, from the tarballs
// themselves. Packs every published package with pnpm (workspace:* rewritten, publishConfig
// applied), then for each tarball runs
//   - our checks (scripts/packaging/tarball-checks.mjs): LICENSE/README/CHANGELOG, metadata,
//     exports (types first, default last, no workspace-only condition, files present), source maps;
//   - publint --strict;
//   - are-the-types-wrong with the `esm-only` profile: the packages are ESM only on purpose (no
//     CommonJS build to keep in sync, no dual-package hazard, browsers and Node >= 20.19 import
//     ESM), so node10 and node16-from-CommonJS resolution are not targets.
// Exits 1 when any check finds a problem.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { packPackages, unpackTarball } from './packaging/pack.mjs'
import {
  checkExports,
  checkLicenseAndDocs,
  checkMetadata,
  checkReadme,
  checkSourceMaps,
} from './packaging/tarball-checks.mjs'
import { publishablePackages, repoRoot } from './packaging/workspace-packages.mjs'

const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
const repositoryUrl = rootManifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')
const rootLicense = readFileSync(join(repoRoot, 'LICENSE'), 'utf8')

const execFileAsync = promisify(execFile)

async function runTool(label, bin, args) {
  try {
    await execFileAsync(join(repoRoot, 'node_modules', '.bin', bin), args, {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    })
    return []
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim()
    return [`${label} failed:\n${output.replace(/^/gm, '    ')}`]
  }
}

/** Every problem of one packed package: ours, then publint's and attw's (run side by side). */
async function check(packed, unpackDir) {
  const root = unpackTarball(packed.tarball, join(unpackDir, packed.name))
  const unpacked = {
    manifest: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')),
    files: packed.files,
    read: (path) => readFileSync(join(root, path), 'utf8'),
  }
  const tools = await Promise.all([
    runTool('publint --strict', 'publint', ['--strict', packed.tarball]),
    runTool('attw --profile esm-only', 'attw', [
      '--profile',
      'esm-only',
      '--format',
      'table-flipped',
      packed.tarball,
    ]),
  ])
  const problems = [
    ...checkLicenseAndDocs(unpacked, rootLicense),
    ...checkMetadata(unpacked, repositoryUrl),
    ...checkExports(unpacked),
    ...checkSourceMaps(unpacked),
    ...checkReadme(unpacked, repositoryUrl),
    ...tools.flat(),
  ]
  return { label: `${packed.name}@${packed.version} (${packed.files.length} files)`, problems }
}

const workDir = mkdtempSync(join(tmpdir(), 'lanyard-pkg-check-'))
let failures = 0
try {
  const packages = publishablePackages()
  const tarballs = await packPackages(
    packages.map(({ dir }) => dir),
    join(workDir, 'tarballs'),
  )
  const checked = await Promise.all(tarballs.map((packed) => check(packed, join(workDir, 'unpacked'))))
  for (const { label, problems } of checked) {
    if (problems.length === 0) {
      console.log(`ok    ${label}: contents, publint --strict, attw`)
    } else {
      failures += problems.length
      console.log(`FAIL  ${label}`)
      for (const problem of problems) console.log(`  - ${problem}`)
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true })
}

if (failures > 0) {
  console.error(`\npkg:check: ${failures} problem(s) in the packed packages.`)
  process.exit(1)
}
