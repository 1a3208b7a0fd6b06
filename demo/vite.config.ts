import react from '@vitejs/plugin-react'
import type { Connect } from 'vite'
import { defaultClientConditions, defineConfig, type Plugin } from 'vite'

// The demo imports @lanyard/react and @lanyard/browser from their TypeScript source (the
// `lanyard-source` export condition): no SDK build is needed, and edits to packages/* hot-reload.
// Port 5173 on `localhost` exactly: the dev provider's `lanyard-dev` client allows
// http://localhost:5173/ and /callback as redirect URIs and that origin for CORS.
export default defineConfig({
  plugins: [react(), tanStackPage()],
  resolve: { conditions: ['lanyard-source', ...defaultClientConditions] },
  server: { host: 'localhost', port: 5173, strictPort: true },
  preview: { host: 'localhost', port: 5173, strictPort: true },
  // Two pages: the main demo (React Router) and the TanStack Router one.
  build: { rolldownOptions: { input: { main: 'index.html', tanstack: 'tanstack.html' } } },
})

/**
 * Serves tanstack.html for /tanstack and every path below it (its router's URLs), in `vite` and
 * `vite preview`; every other path falls back to index.html as usual.
 */
function tanStackPage(): Plugin {
  const rewrite: Connect.NextHandleFunction = (request, _response, next) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (/^\/tanstack(\/[^.]*)?$/.test(url.pathname)) request.url = `/tanstack.html${url.search}`
    next()
  }
  return {
    name: 'lanyard-demo-tanstack-page',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  }
}
