// The <script> tag pages: the IIFE copied out of the installed tarball next to the built app, and
// pages that load it with a Subresource Integrity hash.
import { createHash } from 'node:crypto'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const readme = fileURLToPath(new URL('../../README.md', import.meta.url))

/** The `integrity` value for a file: what the README's openssl command prints, prefixed. */
export function subresourceIntegrity(bytes: Buffer): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`
}

/** The `integrity` attribute of the README's `<script>` quickstart (a placeholder to replace). */
export function readmeIntegrity(): string {
  const value = /<script\s[^>]*integrity="([^"]+)"/.exec(readFileSync(readme, 'utf8'))?.[1]
  if (!value) throw new Error('README.md: no <script integrity="…"> in the quickstart')
  return value
}

/**
 * Writes `iife.html` (loads the IIFE with its true hash) and `iife-readme-integrity.html` (with
 * the README's placeholder, which must make the browser refuse the file) into `distDir`.
 */
export function writeScriptTagPages(appDir: string, distDir: string): void {
  const iife = join(appDir, 'node_modules', '@lanyard', 'browser', 'dist', 'lanyard.iife.js')
  copyFileSync(iife, join(distDir, 'lanyard.iife.js'))
  const page = readFileSync(join(appDir, 'iife-page.html'), 'utf8')
  const withIntegrity = (value: string) => page.replace('__INTEGRITY__', value)
  writeFileSync(join(distDir, 'iife.html'), withIntegrity(subresourceIntegrity(readFileSync(iife))))
  writeFileSync(join(distDir, 'iife-readme-integrity.html'), withIntegrity(readmeIntegrity()))
}
