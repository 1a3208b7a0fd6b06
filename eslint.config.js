// @ts-check
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Globals that only exist in a browser page: @lanyard/core must not touch them (no DOM, no storage,
// no cross-tab primitives), so it runs unchanged in workers, node and tests.
const browserOnly = [
  'window',
  'document',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'BroadcastChannel',
  'navigator',
  'location',
  'history',
  'self',
].map((name) => ({ name, message: '@lanyard/core has no DOM: move this to @lanyard/browser.' }))

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/test-results/**',
      '**/playwright-report/**',
      'bench/results/**',
      'scripts/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `x == null` (null or undefined) is the one loose comparison kept: it says exactly that.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', ...browserOnly] },
  },
  {
    // Tests may drive the dev provider; shipped core code depends on oauth4webapi alone.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@lanyard/*', 'idb-keyval', 'react', 'react-dom'],
              message: '@lanyard/core depends only on oauth4webapi.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/browser/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['oauth4webapi', 'oauth4webapi/*'],
              message: '@lanyard/browser reaches the protocol only through @lanyard/core.',
            },
            {
              group: ['@lanyard/react', '@lanyard/dev-provider', 'react', 'react-dom'],
              message: 'Dependencies point core ← browser ← react.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/react/src/**/*.{ts,tsx}'],
    ignores: ['packages/react/src/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'oauth4webapi',
                'oauth4webapi/*',
                'idb-keyval',
                '@lanyard/core',
                '@lanyard/dev-provider',
              ],
              message: '@lanyard/react imports only @lanyard/browser (and react).',
            },
          ],
        },
      ],
    },
  },
)
