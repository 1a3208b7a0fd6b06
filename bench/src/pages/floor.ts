// The floor: no SDK, the least any SDK must do, written by hand. A login is a PKCE redirect whose
// callback sends the token request (the verifier, the provider's token endpoint and the tokens in
// Web Storage, in the clear) and checks nothing (no state, no ID token); a reload or a new tab
// reads localStorage. No SDK can be faster than this page on the same machine, so a time target
// below its median cannot be met by anyone here. Not a client to copy.
import { cleanUrl, config, here, isCallback, run } from './harness.ts'

const { issuer, clientId } = config()
const TOKENS = 'floor:tokens'
const VERIFIER = 'floor:verifier'

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

async function login(): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)))
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  )
  sessionStorage.setItem(VERIFIER, verifier)
  const url = new URL(`${issuer}/auth`)
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: here(),
    response_type: 'code',
    scope: 'openid',
    state: base64url(crypto.getRandomValues(new Uint8Array(16))),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()
  location.assign(url)
}

async function completeLogin(): Promise<void> {
  const code = new URLSearchParams(location.search).get('code')
  cleanUrl()
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      redirect_uri: here(),
      code: code ?? '',
      code_verifier: sessionStorage.getItem(VERIFIER) ?? '',
    }),
  })
  if (!response.ok) throw new Error(`token request: ${response.status}`)
  localStorage.setItem(TOKENS, await response.text())
}

const accessToken = () =>
  (JSON.parse(localStorage.getItem(TOKENS) ?? '{}') as { access_token?: string }).access_token

run({
  async init() {
    if (isCallback()) await completeLogin()
    return accessToken() !== undefined
  },
  login,
  async token() {
    const token = accessToken()
    if (!token) throw new Error('no access token')
    return token
  },
  staleAt: async () => undefined,
})
