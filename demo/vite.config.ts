import react from '@vitejs/plugin-react'
import { defaultClientConditions, defineConfig } from 'vite'

// The demo imports @lanyard/react and @lanyard/browser from their TypeScript source (the
// `lanyard-source` export condition): no SDK build is needed, and edits to packages/* hot-reload.
// Port 5173 on `localhost` exactly: the dev provider's `lanyard-dev` client allows
// http://localhost:5173/ and /callback as redirect URIs and that origin for CORS.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['lanyard-source', ...defaultClientConditions] },
  server: { host: 'localhost', port: 5173, strictPort: true },
  preview: { host: 'localhost', port: 5173, strictPort: true },
})
