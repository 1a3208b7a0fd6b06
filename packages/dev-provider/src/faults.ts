import type { ServerResponse } from 'node:http'
import { sendJson } from './http.js'
import type { Faults, TokenFault } from './types.js'

const TOKEN_FAULTS: readonly TokenFault[] = ['http500', 'hang', 'malformed-json']

/** Validate a fault switch body (from `PUT /__lanyard/faults`); throws on anything unknown. */
export function parseFaults(value: unknown): Faults {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('faults must be an object')
  const faults: Faults = {}
  for (const [key, fault] of Object.entries(value)) {
    if (key !== 'token') throw new TypeError(`unknown fault target: ${key}`)
    if (fault !== null && !TOKEN_FAULTS.includes(fault as TokenFault)) {
      throw new TypeError(`token fault must be one of ${TOKEN_FAULTS.join(', ')} or null`)
    }
    faults.token = fault as TokenFault | null
  }
  return faults
}

/** Answer a token request the broken way the fault asks for (CORS headers are already set). */
export function sendTokenFault(fault: TokenFault, res: ServerResponse): void {
  switch (fault) {
    case 'http500':
      sendJson(res, 500, { error: 'server_error', error_description: 'injected by /__lanyard/faults' })
      return
    case 'malformed-json':
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end('{"access_token":"truncated","token_type":')
      return
    case 'hang':
      // Never answer: the client must time out or abort; close() drops the connection.
      return
  }
}
