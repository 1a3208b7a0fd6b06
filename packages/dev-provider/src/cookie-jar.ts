/**
 * A minimal cookie jar for driving the provider over HTTP like one browser would: cookies are kept
 * per host name (like browsers: not per port) and sent on every request to that host. Paths,
 * domains and flags are ignored; that is enough for oidc-provider's session and interaction cookies.
 */
export class CookieJar {
  readonly #hosts = new Map<string, Map<string, string>>()

  /** The `Cookie` header value for a URL ('' when none). */
  header(url: string | URL): string {
    const cookies = this.#hosts.get(new URL(url).hostname)
    return cookies ? [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') : ''
  }

  /** Keep (or delete) the cookies a response set. */
  store(url: string | URL, response: Response): void {
    const host = new URL(url).hostname
    const cookies = this.#hosts.get(host) ?? new Map<string, string>()
    this.#hosts.set(host, cookies)
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || isExpiring(attributes)) cookies.delete(name)
      else cookies.set(name, value)
    }
  }

  /** `fetch` with this jar's cookies and no automatic redirects (the caller follows them). */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    const cookie = this.header(url)
    if (cookie) headers.set('cookie', cookie)
    const response = await fetch(url, { ...init, headers, redirect: 'manual' })
    this.store(url, response)
    return response
  }
}

function isExpiring(attributes: string[]): boolean {
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=').map((part) => part.trim())
    if (key.toLowerCase() === 'max-age' && Number(value) <= 0) return true
    if (key.toLowerCase() === 'expires' && Date.parse(value) <= Date.now()) return true
  }
  return false
}
