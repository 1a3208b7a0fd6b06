import { CookieJar } from './cookie-jar.ts'
import { parseForm, type PageForm } from './html-form.ts'

/** Options of {@link completeLogin}. */
export interface LoginOptions {
  /** Typed at the login page; becomes `sub`. Default `alice`. */
  username?: string
  /** Approve the consent page if it is shown (default true); false cancels it (→ `access_denied`). */
  consent?: boolean
  /** The "browser": pass the same jar again to reuse the provider session (a second login skips the form). */
  jar?: CookieJar
}

interface Step {
  url: URL
  body?: URLSearchParams
}

type Interaction = (form: PageForm) => Step

const MAX_STEPS = 20

function isRedirect(status: number): boolean {
  return status >= 301 && status <= 308 && status !== 304
}

function endpoint(url: URL): string {
  return `${url.origin}${url.pathname}`
}

/**
 * Follow the provider's redirects and pages like a browser with JavaScript would (query and
 * fragment response modes; not form_post to the client), answering the
 * devInteractions pages with `interact` and submitting any other form as is (logout, form_post),
 * until a redirect leaves the provider. Returns that URL, or the last page's URL if it has no form.
 */
async function drive(start: URL, jar: CookieJar, interact: Interaction): Promise<string> {
  const redirectUri =
    start.searchParams.get('redirect_uri') ?? start.searchParams.get('post_logout_redirect_uri')
  let step: Step = { url: start }
  for (let i = 0; i < MAX_STEPS; i++) {
    const { url, body } = step
    const response = await jar.fetch(url, body ? { method: 'POST', body } : {})
    if (isRedirect(response.status)) {
      await response.arrayBuffer()
      const location = new URL(response.headers.get('location') ?? '', url)
      const left = location.origin !== start.origin
      if (left || (redirectUri !== null && endpoint(location) === endpoint(new URL(redirectUri))))
        return location.href
      step = { url: location }
      continue
    }
    const html = await response.text()
    const form = response.ok ? parseForm(html, url) : null
    if (!form) {
      if (response.ok) return url.href
      const text = html
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
      throw new Error(`dev provider answered ${response.status} at ${url.pathname}: ${text.slice(0, 300)}`)
    }
    step = form.fields['prompt']
      ? interact(form)
      : { url: form.action, body: new URLSearchParams(form.fields) }
  }
  throw new Error(`dev provider: no redirect back to the client after ${MAX_STEPS} steps`)
}

function cancel(form: PageForm): Step {
  if (!form.abort) throw new Error('dev provider: the interaction page has no Cancel link')
  return { url: form.abort }
}

/**
 * Log in through the dev provider's login (and consent) pages over plain HTTP, starting from an
 * authorization URL. Resolves to the URL the provider redirects to: the client's redirect URI with
 * `code`, `state` and `iss` (or `error`).
 */
export function completeLogin(authorizationUrl: string | URL, options: LoginOptions = {}): Promise<string> {
  const { username = 'alice', consent = true, jar = new CookieJar() } = options
  return drive(new URL(authorizationUrl), jar, (form) => {
    switch (form.fields['prompt']) {
      case 'login':
        return {
          url: form.action,
          body: new URLSearchParams({ ...form.fields, login: username, password: 'dev' }),
        }
      case 'consent':
        return consent ? { url: form.action, body: new URLSearchParams(form.fields) } : cancel(form)
      default:
        throw new Error(`dev provider: unknown interaction prompt ${form.fields['prompt']}`)
    }
  })
}

/**
 * Start a login and cancel it at the login page: resolves to the redirect URI with `error=access_denied`.
 * With a jar that already has a session there is no page to cancel (add `prompt=login` to the URL).
 */
export function denyLogin(
  authorizationUrl: string | URL,
  options: { jar?: CookieJar } = {},
): Promise<string> {
  return drive(new URL(authorizationUrl), options.jar ?? new CookieJar(), cancel)
}

/**
 * RP-initiated logout over HTTP from an end-session URL (the dev provider's logout page submits itself).
 * Resolves to the `post_logout_redirect_uri` with `state`, or the provider's "signed out" page.
 */
export function completeLogout(
  endSessionUrl: string | URL,
  options: { jar?: CookieJar } = {},
): Promise<string> {
  return drive(new URL(endSessionUrl), options.jar ?? new CookieJar(), () => {
    throw new Error('dev provider: unexpected login page during logout')
  })
}
