import { defineConfig } from 'vitest/config'

// Workspace packages resolve to their TypeScript source through this export condition, so tests
// and the demo need no prior build.
const resolve = { conditions: ['lanyard-source', 'module', 'browser', 'development|production'] }
const ssr = { resolve: { conditions: ['lanyard-source', 'module', 'node', 'development|production'] } }

export default defineConfig({
  resolve,
  ssr,
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: { name: 'core', environment: 'node', include: ['packages/core/src/**/*.test.ts'] },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'dev-provider',
          environment: 'node',
          include: ['packages/dev-provider/src/**/*.test.ts'],
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'browser',
          environment: 'happy-dom',
          include: ['packages/browser/src/**/*.test.ts'],
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'react',
          environment: 'happy-dom',
          include: ['packages/react/src/**/*.test.{ts,tsx}'],
        },
      },
      {
        resolve,
        ssr,
        test: { name: 'tooling', environment: 'node', include: ['scripts/**/*.test.ts'] },
      },
      {
        resolve,
        ssr,
        // The demo's component tests, on @lanyard/browser/testing's mock client.
        test: { name: 'demo', environment: 'happy-dom', include: ['demo/src/**/*.test.{ts,tsx}'] },
      },
    ],
  },
})
