import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FaultSwitches } from './faults.ts'
import { readBody, sendJson } from './http.ts'
import type { RequestLog } from './request-log.ts'

/** Prefix of the test-only routes; never part of a real provider. */
export const TEST_PREFIX = '/__lanyard/'

/** State the test routes read and change. */
export interface TestState {
  log: RequestLog
  faults: FaultSwitches
}

/**
 * Test-only routes, for Playwright tests in another process:
 * `GET|DELETE /__lanyard/requests` (request log), `PUT|DELETE /__lanyard/faults` (fault switches).
 */
export async function testRoutes(
  state: TestState,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const route = `${req.method ?? 'GET'} ${path}`
  switch (route) {
    case 'GET /__lanyard/requests':
      return sendJson(res, 200, state.log.entries)
    case 'DELETE /__lanyard/requests':
      state.log.clear()
      return void res.writeHead(204).end()
    case 'GET /__lanyard/faults':
      return sendJson(res, 200, state.faults.state)
    case 'PUT /__lanyard/faults':
      try {
        state.faults.set(JSON.parse(await readBody(req)))
      } catch (error) {
        return sendJson(res, 400, { error: 'invalid_request', error_description: String(error) })
      }
      return sendJson(res, 200, state.faults.state)
    case 'DELETE /__lanyard/faults':
      state.faults.clear()
      return void res.writeHead(204).end()
    default:
      return sendJson(res, 404, { error: 'not_found' })
  }
}
