import { describe, expect, it } from 'vitest'
import { parseCommand } from './args.ts'
import { DEFAULT_CLIENT } from './clients.ts'

describe('parseCommand', () => {
  it('defaults to port 9000 and the default client', () => {
    expect(parseCommand([])).toEqual({
      help: false,
      options: {
        port: 9000,
        clients: [DEFAULT_CLIENT],
        auth0Paths: false,
        dpop: { requireNonce: false, resourceNonce: false },
        quiet: false,
      },
    })
  })

  it('takes a profile and extra allowed hosts; refuses an unknown profile', () => {
    const command = parseCommand(['--profile', 'par-required', '--allowed-host', 'app.test:9000'])
    expect(command).toMatchObject({ options: { profile: 'par-required', allowedHosts: ['app.test:9000'] } })
    expect(() => parseCommand(['--profile', 'nope'])).toThrow(/--profile must be one of/)
  })

  it('maps every flag', () => {
    const command = parseCommand([
      '--port=0',
      '--client-id',
      'my-app',
      '--redirect-uri',
      'http://localhost:3000/cb',
      '--redirect-uri',
      'http://localhost:3001/cb',
      '--origin',
      'http://localhost:3000',
      '--access-token-ttl',
      '30',
      '--auth0-paths',
      '--dpop-nonce',
      '--require-dpop',
      '--no-rotation',
      '--quiet',
    ])
    expect(command).toEqual({
      help: false,
      options: {
        port: 0,
        clients: [
          {
            clientId: 'my-app',
            redirectUris: ['http://localhost:3000/cb', 'http://localhost:3001/cb'],
            postLogoutRedirectUris: [
              'http://localhost:3000/cb',
              'http://localhost:3001/cb',
              'http://localhost:3000/',
              'http://localhost:3001/',
            ],
            origins: ['http://localhost:3000'],
            dpopBoundAccessTokens: true,
          },
        ],
        accessTokenTtl: 30,
        auth0Paths: true,
        dpop: { requireNonce: true, resourceNonce: true },
        rotateRefreshTokens: false,
        quiet: true,
      },
    })
  })

  it('rejects unknown flags and bad numbers', () => {
    expect(() => parseCommand(['--prot', '9000'])).toThrow()
    expect(() => parseCommand(['--port', 'abc'])).toThrow(/--port/)
    expect(parseCommand(['--help'])).toEqual({ help: true })
  })
})
