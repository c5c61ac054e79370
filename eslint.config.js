// @ts-check
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'url',
  'util',
  'stream',
  'events',
  'buffer',
  'zlib',
  'tls',
  'dns',
]

/** Import boundaries (STYLE.md "The house"): arrows point one way. */
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
})

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict([
      {
        group: ['**/backend/**', '**/electron/**', '**/renderer/**'],
        message: 'shared/ imports nothing from backend, electron or renderer.',
      },
      { group: nodeBuiltins, message: 'shared/ is pure TypeScript: no Node modules.' },
      {
        group: ['electron', 'knex', 'objection', 'pg', 'koa'],
        message: 'shared/ has no runtime dependencies on hosts.',
      },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([
      {
        group: ['**/backend/**', '**/electron/**'],
        message: 'renderer/ talks to the kiosk only through the bridge contract in shared/.',
      },
      {
        group: [...nodeBuiltins, 'electron'],
        message: 'renderer/ runs in a browser: no Node modules.',
      },
    ]),
  },
  {
    files: ['backend/**/*.ts', 'migrations/**/*.ts'],
    rules: restrict([
      {
        group: ['**/electron/**', '**/renderer/**', 'electron'],
        message: 'backend/ depends only on shared/.',
      },
    ]),
  },
  {
    // http/ is infrastructure: the app is assembled above it (backend/app.ts), so it imports
    // no domain and no surface — only the database, errors, logging, config, i18n and policies.
    files: ['backend/http/**/*.{ts,tsx}'],
    ignores: ['backend/http/**/*.test.ts'],
    rules: restrict([
      {
        group: ['**/electron/**', '**/renderer/**', 'electron'],
        message: 'backend/ depends only on shared/.',
      },
      {
        // Anything above http/ but the database, errors, logging, config, i18n, policies, shared.
        regex: String.raw`^(?:\.\./)+(?!(?:db|i18n|policies|http)/|(?:errors|logger|config|version)\.ts$|shared/)[^.]`,
        message:
          'backend/http is infrastructure: it imports no domain or surface (the app is assembled in backend/app.ts).',
      },
    ]),
  },
  {
    // A route file authorizes, calls one query or command, and renders: no SQL of its own.
    files: ['backend/**/*routes.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='Identifier'][callee.name=/^(db|trx|knex)$/]",
          message: 'No SQL in a route file: read through a query, write through a command.',
        },
        {
          selector: "MemberExpression[property.name='raw'][object.name=/^(db|trx|knex)$/]",
          message: 'No SQL in a route file: read through a query, write through a command.',
        },
      ],
    },
  },
  {
    // Pages are declared by name (PAGES) and policy through pageList(), never by path.
    files: ['backend/{storefront,merchant,admin,platform}/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Router']",
          message:
            'Declare pages with pageList() (backend/web/pages/page-route.ts): PAGES and a policy.',
        },
        {
          selector:
            "CallExpression[callee.object.name='router'][callee.property.name=/^(get|post|put|patch|delete|all|use)$/]",
          message:
            'Declare pages with pageList() (backend/web/pages/page-route.ts): PAGES and a policy.',
        },
      ],
    },
  },
  {
    files: ['migrations/**/*.ts'],
    rules: restrict([
      { group: ['**/backend/**'], message: 'Migrations never import models or backend code.' },
    ]),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/**'],
    rules: restrict([
      { group: ['electron'], message: 'Only electron/shell imports electron.' },
      { group: ['**/backend/**', '**/renderer/**'], message: 'electron/ depends only on shared/.' },
    ]),
  },
  {
    // A later block replaces the rule's patterns, so the web host repeats the ones above.
    files: ['electron/webhost/**/*.ts'],
    rules: restrict([
      { group: ['electron'], message: 'Only electron/shell imports electron.' },
      { group: ['**/backend/**', '**/renderer/**'], message: 'electron/ depends only on shared/.' },
      {
        group: ['**/shell/**', '**/electron/shell/**'],
        message: 'The web host shares code with the shell only through electron/core.',
      },
    ]),
  },
  {
    // The page scripts run in the browser: browser globals only, no Node modules.
    files: ['backend/web/client/**/*.ts'],
    languageOptions: {
      globals: {
        ...Object.fromEntries(Object.keys(globals.node).map((name) => [name, 'off'])),
        ...globals.browser,
      },
    },
    rules: restrict([
      { group: nodeBuiltins, message: 'backend/web/client/ runs in a browser: no Node modules.' },
      {
        group: ['koa', 'knex', 'objection', 'pg', 'react', 'react-dom', 'i18next', 'zod'],
        message: 'The page scripts stay tiny and self-contained: no server libraries.',
      },
    ]),
  },
  {
    files: ['backend/cli/**/*.ts', 'backend/bench/**/*.ts', 'backend/main.ts'],
    rules: { 'no-console': 'off' },
  },
)
