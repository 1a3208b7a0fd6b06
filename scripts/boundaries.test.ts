// The dependency rule `oauth4webapi ← core ← browser ← react` is enforced by eslint.config.js.
// These tests lint snippets *as if* they lived in each package, through ESLint's Node API and the
// repository's own config, so a config edit that silently drops a restriction fails here.
import { ESLint } from 'eslint'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))

let eslint: ESLint
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot })
})

interface Problem {
  ruleId: string | null
  severity: number
  message: string
}

async function lint(code: string, filePath: string): Promise<Problem[]> {
  const [result] = await eslint.lintText(code, { filePath, warnIgnored: true })
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`)
  // Refuse silently ignored files: an ignored path would make every "is an error" test vacuous.
  const ignored = result.messages.find((m) => m.ruleId === null && /ignored/i.test(m.message))
  if (ignored) throw new Error(`${filePath} is ignored by eslint.config.js: ${ignored.message}`)
  return result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message }))
}

/** Only errors (severity 2) count; a warning would not fail `pnpm lint`. */
async function errors(code: string, filePath: string): Promise<Problem[]> {
  return (await lint(code, filePath)).filter((m) => m.severity === 2)
}

const CORE = 'packages/core/src/boundary-probe.ts'
const BROWSER = 'packages/browser/src/boundary-probe.ts'
const REACT = 'packages/react/src/boundary-probe.ts'
const REACT_TSX = 'packages/react/src/BoundaryProbe.tsx'

describe('@lanyard/core has no DOM, storage, cross-tab or navigator access', () => {
  it.each([
    ['window.location.href', 'export const href = window.location.href\n'],
    ['location', 'export const href = location.href\n'],
    ['document', 'export const title = document.title\n'],
    ['localStorage', "export const v = localStorage.getItem('k')\n"],
    ['sessionStorage', "export const v = sessionStorage.getItem('k')\n"],
    ['indexedDB', "export const req = indexedDB.open('db')\n"],
    ['BroadcastChannel', "export const channel = new BroadcastChannel('x')\n"],
    ['navigator.locks', 'export const locks = navigator.locks\n'],
    ['history', "history.replaceState(null, '', '/')\n"],
  ])('%s is an error', async (_name, code) => {
    const found = await errors(code, CORE)
    expect(found.map((m) => m.ruleId)).toContain('no-restricted-globals')
  })

  it('a local binding with a browser-global name is not a global (no false positive)', async () => {
    const code = 'export function f(location: string): string {\n  return location\n}\n'
    expect(await errors(code, CORE)).toEqual([])
  })

  it.each([
    ['@lanyard/browser', "import '@lanyard/browser'\n"],
    ['idb-keyval', "import 'idb-keyval'\n"],
    ['react', "import 'react'\n"],
  ])('importing %s is an error', async (_name, code) => {
    const found = await errors(code, CORE)
    expect(found.map((m) => m.ruleId)).toContain('no-restricted-imports')
  })

  it('oauth4webapi and pure ES code are allowed', async () => {
    const code = [
      "import * as o from 'oauth4webapi'",
      '',
      'export async function discover(issuer: URL): Promise<o.AuthorizationServer> {',
      '  const response = await o.discoveryRequest(issuer)',
      '  return o.processDiscoveryResponse(issuer, response)',
      '}',
      'export const now = (): number => Math.floor(Date.now() / 1000)',
      'export const digest = (data: Uint8Array<ArrayBuffer>) => crypto.subtle.digest("SHA-256", data)',
      '',
    ].join('\n')
    expect(await errors(code, CORE)).toEqual([])
  })
})

describe('@lanyard/browser reaches the protocol only through @lanyard/core', () => {
  it.each([
    ['namespace import', "import * as o from 'oauth4webapi'\n\nexport const f = o.discoveryRequest\n"],
    ['side-effect import', "import 'oauth4webapi'\n"],
    ['subpath import', "import 'oauth4webapi/build/index.js'\n"],
    ['re-export', "export { discoveryRequest } from 'oauth4webapi'\n"],
    ['@lanyard/react', "import '@lanyard/react'\n"],
  ])('oauth4webapi / upward import (%s) is an error', async (_name, code) => {
    const found = await errors(code, BROWSER)
    expect(found.map((m) => m.ruleId)).toContain('no-restricted-imports')
  })

  it('@lanyard/core, idb-keyval and browser globals are allowed', async () => {
    const code = [
      "import { AuthError } from '@lanyard/core'",
      "import { createStore } from 'idb-keyval'",
      '',
      "export const store = createStore('lanyard', 'v1')",
      "export const channel = new BroadcastChannel('lanyard:x')",
      'export const href = window.location.href',
      'export const locks = navigator.locks',
      'export { AuthError }',
      '',
    ].join('\n')
    expect(await errors(code, BROWSER)).toEqual([])
  })
})

describe('@lanyard/react imports only @lanyard/browser (and react)', () => {
  it.each([
    ['@lanyard/core', "import '@lanyard/core'\n", REACT],
    ['idb-keyval', "import 'idb-keyval'\n", REACT],
    ['oauth4webapi', "import * as o from 'oauth4webapi'\n\nexport const f = o.discoveryRequest\n", REACT],
    [
      '@lanyard/core (named, .tsx)',
      "import { AuthError } from '@lanyard/core'\n\nexport { AuthError }\n",
      REACT_TSX,
    ],
    ['@lanyard/dev-provider', "import '@lanyard/dev-provider'\n", REACT],
  ])('importing %s is an error', async (_name, code, filePath) => {
    const found = await errors(code, filePath)
    expect(found.map((m) => m.ruleId)).toContain('no-restricted-imports')
  })

  it('@lanyard/browser and react are allowed', async () => {
    const code = [
      "import { createAuthClient } from '@lanyard/browser'",
      "import { useSyncExternalStore } from 'react'",
      '',
      'export { createAuthClient, useSyncExternalStore }',
      '',
    ].join('\n')
    expect(await errors(code, REACT)).toEqual([])
  })

  it('@lanyard/browser is allowed in .tsx', async () => {
    const code = [
      "import { createAuthClient } from '@lanyard/browser'",
      '',
      'export const client = createAuthClient',
      'export function Probe(): null {',
      '  return null',
      '}',
      '',
    ].join('\n')
    expect(await errors(code, REACT_TSX)).toEqual([])
  })
})

describe('the rules are scoped to their package', () => {
  it('browser globals are fine outside @lanyard/core (e2e, demo)', async () => {
    const code = 'export const href = window.location.href\nexport const v = localStorage.length\n'
    expect(await errors(code, 'e2e/support/boundary-probe.ts')).toEqual([])
  })
})
