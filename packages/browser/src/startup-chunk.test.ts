// @vitest-environment node
// What an app's bundler makes of @lanyard/browser: the start-up chunks (the entry and what it
// imports statically, which every page loads) hold no protocol code: oauth4webapi and core's
// token calls are in a chunk loaded on first need. The <script> build stays one file.
import { build, type BuildOptions, type Metafile } from 'esbuild'
import { describe, expect, it } from 'vitest'

// (This package's types have no Node: the path of a file: URL is enough here.)
const srcDir = decodeURIComponent(new URL('.', import.meta.url).pathname)

// An app using the whole vanilla API (as scripts/size-entry.ts does), and the same with DPoP.
const vanillaApp = `
  import { createAuthClient, isAuthError } from './index.ts'
  const auth = createAuthClient({ issuer: 'https://op.example', clientId: 'spa' })
  await auth.start()
  await auth.handleRedirectCallback()
  await auth.loginWithRedirect()
  await auth.loginWithPopup()
  console.log(await auth.getAccessToken(), auth.getUser(), isAuthError)
  await auth.fetch('/api')
  await auth.logout()`
const dpopApp = vanillaApp
  .replace("from './index.ts'", "from './index.ts'\n  import { dpop } from './dpop.ts'")
  .replace("clientId: 'spa' }", "clientId: 'spa', dpop }")

const bundle = (options: BuildOptions) =>
  build({
    absWorkingDir: srcDir,
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    conditions: ['lanyard-source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    ...options,
  })

const virtualApp = (app: string) => ({
  name: 'virtual-app',
  setup(builder: Parameters<NonNullable<BuildOptions['plugins']>[number]['setup']>[0]) {
    builder.onResolve({ filter: /^app\.ts$/ }, () => ({ path: 'app.ts', namespace: 'virtual' }))
    builder.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({
      contents: app,
      loader: 'ts',
      resolveDir: srcDir,
    }))
  },
})

// The inputs that put bytes into the given output files.
const inputsOf = (outputs: Metafile['outputs'], files: Iterable<string>) =>
  [...files].flatMap((path) =>
    Object.entries(outputs[path]!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file),
  )

// oauth4webapi and the core modules that only the protocol needs.
const PROTOCOL =
  /oauth4webapi|core\/src\/(tokens|authorize|discovery|context|jwks|id-token|par|logout|audience|token-set|wrap-error|http|nonce-retry|client-auth)\.ts$/

describe('@lanyard/browser in an app bundle', () => {
  // With DPoP too: a signed-in reload needs no proof, and the first one loads the chunk.
  it.each([
    ['vanilla', vanillaApp],
    ['with DPoP', dpopApp],
  ])('keeps oauth4webapi and the protocol out of the start-up chunks (%s)', async (_, app) => {
    expect(dpopApp).toContain("clientId: 'spa', dpop }") // (the replacements above took)
    const { metafile } = await bundle({
      entryPoints: ['app.ts'],
      format: 'esm',
      splitting: true,
      outdir: 'out',
      plugins: [virtualApp(app)],
    })
    const outputs = metafile!.outputs
    const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === 'virtual:app.ts')!
    const startup = new Set<string>()
    const visit = (path: string) => {
      if (startup.has(path)) return
      startup.add(path)
      for (const i of outputs[path]!.imports) if (i.kind === 'import-statement') visit(i.path)
    }
    visit(entry)
    const startupInputs = inputsOf(outputs, startup)
    expect(startupInputs.some((file) => file === 'client.ts')).toBe(true)
    expect(startupInputs.filter((file) => PROTOCOL.test(file))).toEqual([])
    // ...and they are in a chunk the start-up code imports dynamically.
    const lazy = Object.keys(outputs).filter((path) => path.endsWith('.js') && !startup.has(path))
    expect(inputsOf(outputs, lazy).some((file) => /oauth4webapi/.test(file))).toBe(true)
    expect(
      [...startup].flatMap((path) => outputs[path]!.imports).some((i) => i.kind === 'dynamic-import'),
    ).toBe(true)
  })

  it('builds the <script> file (iife.ts) as one file with the protocol inside', async () => {
    const { outputFiles, metafile } = await bundle({
      entryPoints: ['iife.ts'],
      format: 'iife',
      globalName: 'Lanyard',
      outfile: 'out/lanyard.iife.js',
    })
    const scripts = outputFiles!.filter((file) => file.path.endsWith('.js'))
    expect(scripts).toHaveLength(1)
    expect(Object.keys(metafile!.inputs).some((file) => /oauth4webapi/.test(file))).toBe(true)
    expect(scripts[0]!.text).not.toMatch(/\bimport\s*\(/) // nothing left to fetch at run time
  })
})
