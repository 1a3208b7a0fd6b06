import { parseCommand, USAGE } from './args.ts'
import { startDevProvider } from './start.ts'

/** Run `lanyard-dev-provider`: start the provider, print how to use it, stop on SIGINT/SIGTERM. */
async function main(argv: readonly string[]): Promise<void> {
  const command = parseCommand(argv)
  if (command.help) {
    console.log(USAGE)
    return
  }
  const { options } = command
  const quiet = options.quiet ?? false
  const provider = await startDevProvider({
    ...options,
    ...(quiet
      ? {}
      : { onRequest: (r) => console.log(`${r.method} ${r.path} ${r.status} ${r.duration ?? '-'}ms`) }),
  })
  const client = provider.clients[0]
  if (!quiet) {
    console.log(`Lanyard dev provider: ${provider.issuer} (log in with any username and password)`)
    console.log('Client configuration:')
    console.log(
      JSON.stringify(
        { issuer: provider.issuer, clientId: client?.clientId, redirectUri: client?.redirectUris[0] },
        null,
        2,
      ),
    )
  }
  const stop = (): void => {
    provider.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`lanyard-dev-provider: ${error instanceof Error ? error.message : String(error)}`)
  console.error('Run with --help for usage.')
  process.exit(1)
})
