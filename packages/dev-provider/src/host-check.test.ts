import { request } from 'node:http'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startDevProvider } from './start.ts'
import type { DevProvider, DevProviderOptions } from './types.ts'

let provider: DevProvider | undefined

afterEach(async () => {
  await provider?.close()
  provider = undefined
})

async function start(options: DevProviderOptions = {}): Promise<DevProvider> {
  provider = await startDevProvider({ port: 0, quiet: true, ...options })
  return provider
}

/** A request to the provider's port with this exact `Host` header (fetch does not let one set it). */
function send(
  dp: DevProvider,
  host: string,
  path: string,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: 'localhost',
        port: dp.port,
        path,
        method,
        headers: { host, 'content-type': 'application/json' },
      },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('Host header check (DNS rebinding)', () => {
  it('answers localhost:PORT, and refuses a rebound name with 421 on every route', async () => {
    const dp = await start()
    expect((await send(dp, `localhost:${dp.port}`, '/.well-known/openid-configuration')).status).toBe(200)
    const rebound = `attacker.example:${dp.port}`
    for (const path of ['/.well-known/openid-configuration', '/__lanyard/requests', '/api/me', '/auth']) {
      const answer = await send(dp, rebound, path)
      expect(answer.status, path).toBe(421)
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'misdirected_request' })
    }
    expect((await send(dp, `localhost:${dp.port + 1}`, '/__lanyard/requests')).status).toBe(421)
  })

  it('keeps the fault switches and the request log out of reach of a rebound page', async () => {
    const dp = await start()
    await fetch(`${dp.issuer}/.well-known/openid-configuration`)
    const rebound = `attacker.example:${dp.port}`
    expect((await send(dp, rebound, '/__lanyard/faults', 'PUT', '{"token":"hang"}')).status).toBe(421)
    expect(dp.faults).toEqual({})
    expect((await send(dp, rebound, '/__lanyard/requests', 'DELETE')).status).toBe(421)
    expect(dp.requests).toHaveLength(1)
  })

  it('refuses a request without a Host header (HTTP/1.0)', async () => {
    const dp = await start()
    const answer = await new Promise<string>((resolve, reject) => {
      let text = ''
      const socket = connect(dp.port, 'localhost', () =>
        socket.end('GET /__lanyard/requests HTTP/1.0\r\n\r\n'),
      )
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(answer).toMatch(/^HTTP\/1\.[01] 421 /)
  })

  it('serves the hosts named in allowedHosts too', async () => {
    const dp = await start({ allowedHosts: ['MyApp.test:8080'] })
    expect((await send(dp, 'myapp.test:8080', '/.well-known/openid-configuration')).status).toBe(200)
    expect((await send(dp, 'other.test:8080', '/.well-known/openid-configuration')).status).toBe(421)
  })
})
