import { execFileSync } from 'node:child_process'
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// `npm run build:server`: the backend, shared/ and migrations/ compiled by tsc into dist/, one
// .js file per source at the same relative path (so the paths a module computes from its own
// location — locales, email templates, package.json — hold in the build too), plus the files
// the code reads at run time. dist/ is then what `npm run start:prod` and the image run
// (docs/decisions.md: "tsc emit, not a bundle").

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const DIST = path.join(ROOT, 'dist')

/** What this step writes under dist/ (page assets and the kiosk renderer are Vite's). */
export const SERVER_OUTPUTS = ['backend', 'shared', 'migrations', 'locales', 'package.json']

for (const output of SERVER_OUTPUTS)
  rmSync(path.join(DIST, output), { recursive: true, force: true })

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
  cwd: ROOT,
  stdio: 'inherit',
})

// Read at run time from the module's own folder: every language (tsc copied only the JSON
// files a type import named) and the email templates the seed puts in the database.
cpSync(path.join(ROOT, 'locales'), path.join(DIST, 'locales'), { recursive: true })
cpSync(
  path.join(ROOT, 'backend', 'email', 'templates'),
  path.join(DIST, 'backend', 'email', 'templates'),
  { recursive: true },
)

// dist/ is the application root of the build: its package.json gives /version the release and
// marks the .js files as ES modules wherever dist/ is copied.
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string
  version: string
}
writeFileSync(
  path.join(DIST, 'package.json'),
  `${JSON.stringify({ name: `${pkg.name}-build`, version: pkg.version, private: true, type: 'module' }, null, 2)}\n`,
)
console.warn(`Server build written to ${path.relative(ROOT, DIST)}/`)
