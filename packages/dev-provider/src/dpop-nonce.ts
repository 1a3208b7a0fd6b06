import { hkdfSync, timingSafeEqual } from 'node:crypto'

const STEP = 60

/**
 * DPoP server nonces (RFC 9449 section 8), computed exactly like oidc-provider 9 computes its own
 * from `features.dPoP.nonceSecret` (HKDF-SHA256 of the secret over 60 s time steps, info `DPoP`):
 * with the same secret, a nonce from the token endpoint is good at `/api/me` and the other way
 * round. That matters because clients (oauth4webapi) keep one nonce per origin, and both live on
 * `http://localhost:PORT`. A nonce is valid from two steps before to two steps after its own.
 */
export class DpopNonces {
  private step = Number.NaN
  private values: readonly string[] = []

  constructor(private readonly secret: Buffer) {
    if (secret.byteLength !== 32) throw new TypeError('the DPoP nonce secret must be 32 bytes')
  }

  private compute(step: number): string {
    const salt = Buffer.alloc(8)
    salt.writeBigUInt64BE(BigInt(step))
    return Buffer.from(hkdfSync('sha256', this.secret, salt, 'DPoP', 32)).toString('base64url')
  }

  private window(): readonly string[] {
    const step = Math.floor(Date.now() / 1000 / STEP)
    if (step !== this.step) {
      this.step = step
      this.values = [step - 2, step - 1, step, step + 1, step + 2].map((s) => this.compute(s))
    }
    return this.values
  }

  /** The nonce to hand out now (the next step's, as oidc-provider does). */
  next(): string {
    return this.window()[3] ?? ''
  }

  /** Whether a client's nonce is one of the current window's. */
  check(nonce: string): boolean {
    const given = Buffer.from(nonce)
    let matched = false
    for (const value of this.window()) {
      const expected = Buffer.from(value)
      if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true
    }
    return matched
  }
}
