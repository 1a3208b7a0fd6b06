// Playwright global setup of the smoke test: pack every published package, build a fresh app from
// the tarballs outside the workspace, serve it and start the packed dev provider, all on ports the
// system picks. The tests get the origins through SMOKE_APP_ORIGIN and SMOKE_ISSUER.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packPackages } from '../../scripts/packaging/pack.mjs'
import { publishablePackages } from '../../scripts/packaging/workspace-packages.mjs'
import { startPackedDevProvider, type PackedDevProvider } from './packed-dev-provider.ts'
import { writeScriptTagPages } from './script-tag-pages.ts'
import { buildSmokeApp } from './smoke-app.ts'
import { serveDirectory, type StaticServer } from './static-server.ts'

const CLIENT_ID = 'lanyard-smoke'
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`

export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = performance.now()
  const workDir = mkdtempSync(join(tmpdir(), 'lanyard-smoke-'))
  let server: StaticServer | undefined
  let provider: PackedDevProvider | undefined
  const teardown = async () => {
    await provider?.stop()
    await server?.close()
    if (process.env.SMOKE_KEEP) console.log(`smoke: kept ${workDir}`)
    else rmSync(workDir, { recursive: true, force: true })
  }
  try {
    const dirs = publishablePackages().map(({ dir }) => dir)
    const tarballs = await packPackages(dirs, join(workDir, 'tarballs'))
    console.log(
      `smoke: packed ${tarballs.map((t) => `${t.name}@${t.version}`).join(', ')} (${seconds(started)})`,
    )

    const appDir = join(workDir, 'app')
    mkdirSync(appDir)
    const distDir = await buildSmokeApp(appDir, tarballs, (step) =>
      console.log(`smoke: ${step} ${appDir} (${seconds(started)})`),
    )
    writeScriptTagPages(appDir, distDir)

    server = await serveDirectory(distDir)
    provider = await startPackedDevProvider(appDir, {
      clientId: CLIENT_ID,
      redirectUris: [`${server.origin}/`, `${server.origin}/iife.html`],
    })
    writeFileSync(
      join(distDir, 'config.json'),
      JSON.stringify({ issuer: provider.issuer, clientId: CLIENT_ID }),
    )
    process.env.SMOKE_APP_ORIGIN = server.origin
    process.env.SMOKE_ISSUER = provider.issuer
    console.log(`smoke: app ${server.origin}, packed dev provider ${provider.issuer} (${seconds(started)})`)
    return teardown
  } catch (error) {
    await teardown()
    throw error
  }
}
