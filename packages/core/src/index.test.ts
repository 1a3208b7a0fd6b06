// The public entry: what it exports, and that an app's bundler can split it. A page that needs only
// the cheap parts at start-up (errors, URL rules, scope, reading a callback's state) and loads the
// protocol (oauth4webapi and the token calls) with a dynamic import() must not ship the protocol
// in its start-up chunks. esbuild puts every file behind a *named* re-export of the entry into the
// shared chunk as soon as one of them is used at start-up; `export *` lets it split by use.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as core from './index.ts'

const coreDir = fileURLToPath(new URL('.', import.meta.url))

describe('@lanyard/core entry', () => {
  it('exports exactly the public runtime names (nothing internal leaks)', () => {
    expect(Object.keys(core).sort()).toEqual(
      [
        'AUTH_AUTHORIZATION_ERROR',
        'AUTH_CALLBACK_INVALID',
        'AUTH_CONFIG_INVALID',
        'AUTH_DISCOVERY_FAILED',
        'AUTH_INVALID_RESPONSE',
        'AUTH_LOGIN_REQUIRED',
        'AUTH_NETWORK_ERROR',
        'AUTH_POPUP_BLOCKED',
        'AUTH_POPUP_CLOSED',
        'AUTH_RESOURCE_NOT_ALLOWED',
        'AUTH_STATE_MISMATCH',
        'AUTH_STORAGE_UNAVAILABLE',
        'AUTH_TIMEOUT',
        'AUTH_TOKEN_REQUEST_FAILED',
        'AUTH_TRANSACTION_MISSING',
        'AuthError',
        'ERR_INVALID_ARG_TYPE',
        'ERR_INVALID_ARG_VALUE',
        'buildLogoutUrl',
        'checkMetadata',
        'createAuthorizationRequest',
        'createContext',
        'createDPoP',
        'discover',
        'dpopResourceRequest',
        'exchangeCode',
        'fetchUserInfo',
        'generateDPoPKeyPair',
        'isAccessTokenForAnotherAudience',
        'isAuthError',
        'isLoopback',
        'isSecureUrl',
        'isValidatedCallback',
        'misuse',
        'normalizeScope',
        'parseIssuer',
        'parseUrl',
        'prefetchJwks',
        'readCallbackState',
        'refreshTokens',
        'sameIssuer',
        'issuerMatches',
        'revokeGrant',
        'revokeToken',
        'validateCallback',
      ].sort(),
    )
  })

  it('lets a bundler keep the protocol out of the start-up chunks when it is imported lazily', async () => {
    const startup = `
      import { AuthError, isAuthError, parseIssuer, parseUrl, isSecureUrl, normalizeScope, readCallbackState } from './index.ts'
      console.log(AuthError, isAuthError, parseIssuer, parseUrl, isSecureUrl, normalizeScope, readCallbackState)
      export const protocol = () => import('./lazy-protocol.ts')`
    const lazy = `export { createContext, discover, exchangeCode, refreshTokens, revokeToken, createAuthorizationRequest, validateCallback, buildLogoutUrl, isAccessTokenForAnotherAudience } from './index.ts'`
    const result = await build({
      absWorkingDir: coreDir,
      entryPoints: { startup: 'startup-entry.ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      splitting: true,
      write: false,
      metafile: true,
      outdir: 'out',
      logLevel: 'silent',
      plugins: [
        {
          name: 'virtual-entries',
          setup(builder) {
            const files: Record<string, string> = { 'startup-entry.ts': startup, 'lazy-protocol.ts': lazy }
            builder.onResolve({ filter: /^(\.\/)?(startup-entry|lazy-protocol)\.ts$/ }, (args) => ({
              path: args.path.replace(/^\.\//, ''),
              namespace: 'virtual',
            }))
            builder.onLoad({ filter: /.*/, namespace: 'virtual' }, (args) => ({
              contents: files[args.path] ?? '',
              loader: 'ts',
              resolveDir: coreDir,
            }))
          },
        },
      ],
    })
    const outputs = result.metafile.outputs
    const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint)!
    const startupFiles = new Set<string>()
    const visit = (path: string) => {
      if (startupFiles.has(path)) return
      startupFiles.add(path)
      for (const i of outputs[path]!.imports) if (i.kind === 'import-statement') visit(i.path)
    }
    visit(entry)
    const startupInputs = [...startupFiles].flatMap((path) =>
      Object.entries(outputs[path]!.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([file]) => file),
    )
    expect(startupInputs.some((file) => file.endsWith('errors.ts'))).toBe(true)
    expect(
      startupInputs.filter((file) => /oauth4webapi|tokens\.ts|authorize\.ts|discovery\.ts/.test(file)),
    ).toEqual([])
  })
})
