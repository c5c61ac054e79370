import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildWebAssets } from '../web/assets/build-web-assets.ts'

// `npm run build [-- --out-dir <dir>]`: what production runs, into dist/ (or <dir>):
//   backend/, shared/, migrations/  the TypeScript compiled by tsc, one .js file per source at the
//                                   same relative path, so what a module finds from its own
//                                   location (locales, email templates, package.json) holds
//   locales/, email templates       read at run time
//   package.json                    the release for /version; marks the .js files as ES modules
//   web/                            the page assets (buildWebAssets: web-build-config.ts)
//   renderer/                       the kiosk's cashier UI (vite.renderer.config.ts)
// Run it with `npm run start:prod` (node dist/backend/main.js) after `npm ci --omit=dev`.
// docs/decisions.md: "The production build is tsc's emit, not a bundle".

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } })
const OUT = path.resolve(values['out-dir'] ?? path.join(ROOT, 'dist'))

const require = createRequire(import.meta.url)
const node = (script: string, args: string[]) =>
  execFileSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit' })

for (const output of [
  'backend',
  'shared',
  'migrations',
  'locales',
  'package.json',
  'web',
  'renderer',
])
  rmSync(path.join(OUT, output), { recursive: true, force: true })
mkdirSync(OUT, { recursive: true })

// Types are checked by `npm run typecheck` (npm test, CI); the build only emits, file by file
// (isolatedModules), which is what makes it take seconds.
node(require.resolve('typescript/bin/tsc'), [
  '-p',
  path.join(ROOT, 'tsconfig.build.json'),
  '--noCheck',
  '--outDir',
  OUT,
])
// Every language (tsc copied only the JSON files a type import named) and the email templates.
cpSync(path.join(ROOT, 'locales'), path.join(OUT, 'locales'), { recursive: true })
cpSync(
  path.join(ROOT, 'backend', 'email', 'templates'),
  path.join(OUT, 'backend', 'email', 'templates'),
  { recursive: true },
)
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string
  version: string
}
writeFileSync(
  path.join(OUT, 'package.json'),
  `${JSON.stringify({ name: `${pkg.name}-build`, version: pkg.version, private: true, type: 'module' }, null, 2)}\n`,
)

await buildWebAssets({ outDir: path.join(OUT, 'web') })
const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js')
node(vite, [
  'build',
  '--config',
  'vite.renderer.config.ts',
  '--outDir',
  path.join(OUT, 'renderer'),
  '--emptyOutDir',
  '--logLevel',
  'warn',
])

console.warn(`Production build written to ${OUT}`)
