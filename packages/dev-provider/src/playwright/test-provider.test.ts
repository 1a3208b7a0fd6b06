import { afterEach, describe, expect, it } from 'vitest'
import { startTestProvider, type TestProvider } from './test-provider.ts'

let provider: TestProvider | undefined

afterEach(async () => {
  await provider?.close()
  provider = undefined
})

describe('startTestProvider', () => {
  it('starts on a free port with its discovery document at hand', async () => {
    provider = await startTestProvider({ profile: 'path-issuer' })
    expect(provider.port).toBeGreaterThan(0)
    expect(provider.metadata.issuer).toBe(`http://localhost:${provider.port}/oidc`)
    expect(provider.metadata.token_endpoint).toBe(`${provider.issuer}/token`)
    expect(provider.clientId).toBe('lanyard-dev')
  })

  it('filters the live request log by endpoint (URL or path, query ignored) and method; reset empties it and turns faults off', async () => {
    provider = await startTestProvider({ profile: 'path-issuer' })
    const token = provider.metadata.token_endpoint
    await fetch(`${token}?x=1`, { method: 'POST', body: new URLSearchParams({ grant_type: 'nope' }) })
    await fetch(token)
    expect(provider.requestsTo(token, 'post').map((r) => r.method)).toEqual(['POST'])
    expect(provider.requestsTo('/oidc/token')).toHaveLength(2)
    expect(provider.requestsTo('/token')).toEqual([])

    provider.setFaults({ token: 'http500' })
    expect(provider.faults).toEqual({ token: 'http500' })
    provider.reset()
    expect(provider.requests).toEqual([])
    expect(provider.faults).toEqual({})
  })
})
