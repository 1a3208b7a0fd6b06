#!/usr/bin/env node
// Part of `pnpm version-packages` (after `changeset version`): the <script> quickstarts pin
// @lanyard/browser's exact version; move them to the new one. The SRI hash stays a placeholder
// that users compute (see the README), so nothing else changes.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './packaging/workspace-packages.mjs'

const { version } = JSON.parse(readFileSync(join(repoRoot, 'packages/browser/package.json'), 'utf8'))
for (const file of ['README.md', 'packages/browser/README.md']) {
  const path = join(repoRoot, file)
  const text = readFileSync(path, 'utf8')
  const pinned = text.replace(/@lanyard\/browser@\d+\.\d+\.\d+(-[\w.]+)?/g, `@lanyard/browser@${version}`)
  if (pinned !== text) {
    writeFileSync(path, pinned)
    console.log(`${file}: @lanyard/browser@${version}`)
  }
}
