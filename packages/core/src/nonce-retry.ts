import * as oauth from 'oauth4webapi'

/**
 * Runs `send`, and once more on `use_dpop_nonce`: oauth4webapi leaves that retry to the caller,
 * and the handle has learned the nonce from the `DPoP-Nonce` header by then.
 */
export async function withNonceRetry<T>(
  dpop: oauth.DPoPHandle | undefined,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send()
  } catch (error) {
    if (dpop && oauth.isDPoPNonceError(error)) return send()
    throw error
  }
}
