// Where the demo app runs during e2e (demo/, `vite` on the port the dev provider's `lanyard-dev`
// client allows). No imports: playwright.config.ts reads this too.

/** The demo's origin; its redirect URIs are `${DEMO_ORIGIN}/callback` and `${DEMO_ORIGIN}/`. */
export const DEMO_ORIGIN = 'http://localhost:5173'
