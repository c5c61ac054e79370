import { rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions } from 'esbuild'

// Bundles the Electron shell: dist/electron/main.js (ESM, Node) and dist/electron/preload.cjs
// (CommonJS: a sandboxed preload can require nothing but a few electron modules, so zod and the
// bridge client are bundled into it). electron and the native modules stay outside the bundle:
// the packaged app loads them from node_modules (rebuilt for Electron's ABI by electron-builder).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SHELL_OUT_DIR = path.join(ROOT, 'dist', 'electron')

/** Loaded at run time from the packaged node_modules; listed in electron-builder's `files`. */
export const NATIVE_MODULES = ['better-sqlite3-multiple-ciphers', 'node-hid', 'serialport'] as const

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: ROOT,
}

export const buildShell = async ({ outDir = SHELL_OUT_DIR } = {}) => {
  await rm(outDir, { recursive: true, force: true })
  const main = await build({
    ...common,
    entryPoints: [path.join(ROOT, 'electron/shell/main.ts')],
    outfile: path.join(outDir, 'main.js'),
    format: 'esm',
    external: ['electron', ...NATIVE_MODULES, '@serialport/*'],
    // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __rfCreateRequire } from 'node:module'\nconst require = __rfCreateRequire(import.meta.url)",
    },
    metafile: true,
  })
  const preload = await build({
    ...common,
    entryPoints: [path.join(ROOT, 'electron/shell/preload.ts')],
    outfile: path.join(outDir, 'preload.cjs'),
    format: 'cjs',
    platform: 'browser',
    external: ['electron'],
    minify: true,
    metafile: true,
  })
  return { main: main.metafile, preload: preload.metafile }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now()
  const { main, preload } = await buildShell()
  const size = (meta: typeof main) =>
    Object.values(meta.outputs).reduce((sum, output) => sum + output.bytes, 0)
  console.warn(
    `build-shell: dist/electron/main.js (${Math.round(size(main) / 1024)} KiB with map), ` +
      `dist/electron/preload.cjs (${Math.round(size(preload) / 1024)} KiB with map) ` +
      `in ${Date.now() - started} ms`,
  )
}
