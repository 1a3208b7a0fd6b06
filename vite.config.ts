import { defineConfig } from 'vitest/config'

// Workspace packages resolve to their TypeScript source through this export condition, so tests
// and the demo need no prior build.
const resolve = { conditions: ['lanyard-source'] }

export default defineConfig({
  resolve,
  test: {
    projects: [
      {
        resolve,
        test: { name: 'core', environment: 'node', include: ['packages/core/src/**/*.test.ts'] },
      },
      {
        resolve,
        test: {
          name: 'dev-provider',
          environment: 'node',
          include: ['packages/dev-provider/src/**/*.test.ts'],
        },
      },
      {
        resolve,
        test: {
          name: 'browser',
          environment: 'happy-dom',
          include: ['packages/browser/src/**/*.test.ts'],
        },
      },
      {
        resolve,
        test: {
          name: 'react',
          environment: 'happy-dom',
          include: ['packages/react/src/**/*.test.{ts,tsx}'],
        },
      },
      {
        resolve,
        test: { name: 'tooling', environment: 'node', include: ['scripts/**/*.test.ts'] },
      },
    ],
  },
})
