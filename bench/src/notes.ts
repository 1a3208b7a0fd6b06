// The caveats printed at the end of RESULTS.md: how each number is taken, and what could not be.
export const NOTES = `## How these were measured, and what could not be

- **One run, one machine**: every number above comes from the same \`pnpm bench\` run. Times are
  wall-clock on a small shared VM (its load average at the start and end is recorded above): compare
  rows with each other, not with another run.
- **Pages**: each browser benchmark uses one page per SDK (\`src/pages/\`), bundled with esbuild
  as Vite builds an app (minified ES modules with code splitting, content-hashed file names, each
  page preloading the chunks its entry imports with \`<link rel="modulepreload">\`; production
  builds; Lanyard from its TypeScript source: its protocol chunk loads on a dynamic \`import()\`),
  served from \`http://localhost:4273\` by a tiny node server, in headless Debian Chromium with no
  outside network and no request interception. The scripts are served as an app's hashed assets
  are (\`Cache-Control: public, max-age=31536000, immutable\`; the HTML is not cached), so a reload,
  a new tab and the callback page take them from the browser's cache, as a returning user's browser
  does; until 2026-12-01 they were \`no-store\`, and every load refetched and recompiled every
  script, which cost the large bundles most and hid the SDKs' own start-up under noise. The SDKs
  sign in against \`@lanyard/dev-provider\` (node \`oidc-provider\`) through its login form;
  auth0-spa-js against an instance serving Auth0's paths (\`/authorize\`, \`/oauth/token\`,
  \`/v2/logout\`, \`/oauth/revoke\`). Every scenario starts from a fresh browser profile.
- **The floor** (\`no SDK\` rows, \`src/pages/floor.ts\`): a page with no SDK that does the least a
  login can: a hand-written PKCE redirect whose callback sends the token request with the verifier
  from sessionStorage and keeps the response in localStorage, checking nothing (no state, no ID
  token) and protecting nothing; a reload or new tab reads localStorage. No SDK can beat it on the
  same machine, so a time target whose limit is below the floor's median is out of every SDK's
  reach in that run (the targets table says so). It is not a peer: no target compares with it.
- **Script start** is an inline script just before the page's \`<script type="module">\` tag, so
  warm-start and login times include fetching (locally) and evaluating the SDK's modules (and, on
  Lanyard's callback page, its protocol chunk).
- **Provider requests** are the provider's own request log (CORS preflights included, shown as
  \`preflight\`), counted until it has been quiet for 300 ms.
- **Latency**: all four pages stay open and the 10,000 calls per SDK run in 5 rounds that rotate
  through the SDKs, so a noisy moment on the machine hits every SDK alike. A cached-token call takes
  a few µs, while Chromium's \`performance.now()\` moves in 5 µs steps even on a cross-origin-isolated
  page (100 µs otherwise). The median is therefore taken over 100-call batches (per-call time = batch
  time / 100), and the p99 over 10,000 individually timed calls, where it is a multiple of 5 µs. The
  same batches of an empty async function give the floor (loop + await) that every row includes; it
  is printed with the table.
- **Discovery and JWKS**: Lanyard fetches the provider's metadata and JWKS when the login page
  prepares the login (the "before" column of the login table) and keeps them sealed in IndexedDB,
  used without revalidation for an hour (then used while revalidated in the background). The
  callback page, reloads, new tabs and the storm's tabs use that copy. oidc-client-ts discovers on
  the login page and again on the callback page. The stored JWKS verifies the ID token's signature
  on the callback page; oauth4webapi trusts a downloaded JWKS for 5 minutes, so a user who spends
  longer on the provider's form (or a refresh later than that) costs one JWKS request.
- **New tab**: the first tab (signed in) stays open, so Lanyard's new tab is handed the session by
  it over the client's \`BroadcastChannel\` and shows it without waiting to open and decrypt
  IndexedDB (its own read of the database still runs and has the last word). Profiled, the answer
  takes 10–40 ms here: the first tab is in the background, and on 2 cores its renderer waits behind
  the new tab's.
- **Reload**: Lanyard shows the session from the tab's session hint (\`sessionStorage\`: the user's
  claims and the token's expiry, no token; default \`sessionHint: true\`) before IndexedDB opens;
  the database's read follows and has the last word, and a token call waits for it. The tokens
  themselves stay encrypted in IndexedDB; oidc-client-ts keeps them in sessionStorage in the clear.
  Lanyard's start-up also opens IndexedDB and its cross-tab channel and attaches its listeners
  before \`start()\` resolves (2–3 ms here, profiled), which oidc-client-ts does not do.
- **First token** (the warm-start and login tables): the app's first \`getAccessToken()\` (or the
  peer's call), made as soon as start-up says signed in. On a reload Lanyard's comes from IndexedDB
  (open, read, decrypt: 10–40 ms here) while the peers read Web Storage in the clear: the price of
  the encrypted cache, paid by the first API call of a page, not by what it shows.
- **Login floor**: on the callback page Lanyard opens IndexedDB (20–100 ms here, profiled) and reads
  the login transaction (with the session, metadata and key reads, one transaction) before it can
  send the token request: the PKCE verifier is sealed there. Its protocol chunk (oauth4webapi) is
  fetched and compiled meanwhile, which takes about as long. The request goes out while that
  transaction commits; then the ID token's signature is verified and the sealed tokens stored (a
  second transaction). oidc-client-ts and auth0-spa-js read their login state from Web Storage
  (synchronous, in the clear) and verify no ID token signature; auth0-spa-js also needs no
  discovery. The floor row shows what is left when nothing is checked or protected.
- **Targets**: "new tab ≤ 0.5× it" is read as: Lanyard's new-tab median ≤ 0.5× that of the
  fastest peer that is signed in when the page is opened in a new tab. "1 provider request in
  total" for the storm counts every request the provider logged during the storm.
- **Profiling**: every page module and chunk starts with \`performance.mark('bundle start')\`
  (the same for every SDK); \`pnpm --filter @lanyard/bench profile [lanyard|oidc] [runs]\` prints where start-up
  time goes (IndexedDB opens and transactions, WebCrypto, fetches) for the callback page, a reload
  and a new tab.
- **Login cost** for auth0-spa-js includes a CORS preflight: it sends an \`Auth0-Client\` header with
  its token requests, which makes them non-simple requests (later ones reuse the cached preflight).
- **auth0-spa-js 2.28.3** (peers.md) cannot be installed: it depends on \`@auth0/auth0-auth-js@^1.16.1\`,
  which the npm registry does not have (latest 1.16.0). 2.27.0, the newest that installs, is measured;
  auth0-react 2.27.0 uses it.
- **auth0-spa-js and an http issuer**: it expects the ID token's \`iss\` to be \`\${domain}/\` with a
  trailing slash, and its \`issuer\` option only accepts https. The dev provider's issuer is
  \`http://localhost:PORT\` (no slash), so the bench page sets the client's expected issuer to it after
  construction (\`tokenIssuer\`): a string compare, nothing else changes. Its \`domain\` is the full
  \`http://localhost:PORT\` URL, which it uses as is.
- **auth0-spa-js with the memory cache** keeps nothing across a reload or into a new tab. Its fallback
  (\`useRefreshTokensFallback\`) is a hidden iframe with \`response_mode=web_message\`, which the dev
  provider does not offer (and which blocked third-party cookies break in production), so the app has
  to send the user through a login redirect again: the row shows "not signed in" and what it cost to
  find out. Its cache treats a token as expired 60 s before \`exp\` (fixed).
- **oidc-client-ts in a new tab**: its sessionStorage store is per tab, so the page calls
  \`signinSilent()\` when nothing is stored, which (without a refresh token) is the hidden-iframe
  \`prompt=none\` flow. That works here only because \`localhost\` pages and provider are same-site; with
  third-party cookies blocked (Safari, Brave, Firefox) it fails and a full login redirect is needed.
- **Storm**: the 5 tabs must share the session, so auth0-spa-js uses its localStorage cache and
  oidc-client-ts a localStorage user store (its docs' way to share a user across tabs). Tokens go stale
  5 s after they are issued for each SDK (65 s tokens for Lanyard's default 60 s leeway and
  auth0-spa-js's fixed 60 s margin, 5 s tokens for oidc-client-ts, which has no margin). The runner
  polls each tab until its SDK considers the token stale, then all tabs fire at one wall-clock instant.
  "Session alive after" = one more token call in the first tab, and that token accepted by the
  provider's \`GET /api/me\` (reuse of a rotated refresh token revokes the whole grant).
  auth0-spa-js 2.27 holds a Web Lock (\`navigator.locks\`) around its refresh and re-reads its cache
  inside it, so its localStorage configuration makes one request too. Its memory cache shares nothing
  between tabs (each tab would need its own login), so that configuration is not stormed.
- **msal-browser and okta-auth-js** are measured for size only (as the issue asks); okta-auth-js is shown
  both through \`@okta/okta-auth-js/core\` (its smallest entry with these features) and its default entry.
- Benchmarks are not tests: \`pnpm test\` asserts none of these numbers.
`
