import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import type { UserConfig } from 'vite'

/** The sources of the cashier UI bundle: a change in any of them makes the build stale. */
const SOURCE_FOLDERS = ['renderer', 'shared', 'locales'] as const

/** Build-time switches of the renderer; all off in what ships. */
export type RendererFlags = {
  /**
   * Compile in the scan-to-card timing hook that `npm run bench:kiosk` reads
   * (renderer/src/scan-timings.ts). Only the bench's own build sets it.
   */
  scanTimings?: boolean
}

/** The one Vite configuration of the renderer (relative paths: Electron loads it from disk). */
export const rendererBuildConfig = (
  root: string,
  outDir = path.join(root, 'dist', 'renderer'),
  flags: RendererFlags = {},
) =>
  ({
    root: path.join(root, 'renderer'),
    base: './',
    publicDir: false,
    envDir: false,
    clearScreen: false,
    logLevel: 'warn',
    define: { __KIOSK_SCAN_TIMINGS__: JSON.stringify(flags.scanTimings === true) },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'baseline-widely-available',
      modulePreload: false,
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 1_000,
    },
  }) satisfies UserConfig

const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    if (entry.name === 'node_modules' || entry.name.endsWith('.test.ts')) return latest
    const full = path.join(dir, entry.name)
    return Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs)
  }, 0)

/** Whether dist/renderer is missing or older than a source of it. */
const rendererIsStale = (root: string, outDir = path.join(root, 'dist', 'renderer')) => {
  const index = path.join(outDir, 'index.html')
  let built: number
  try {
    built = statSync(index).mtimeMs
  } catch {
    return true
  }
  return SOURCE_FOLDERS.some((folder) => newest(path.join(root, folder)) > built)
}

/** Builds the renderer into `outDir` (default dist/renderer), whether stale or not. */
export const buildRenderer = async (root: string, outDir?: string, flags: RendererFlags = {}) => {
  const { build } = await import('vite')
  // Vite sets NODE_ENV=production in this process for its build and leaves it so: put it back,
  // or whatever this process starts next runs in production mode (as backend/build/vite-build.ts,
  // which electron/ may not import; lesson 20).
  const nodeEnv = process.env.NODE_ENV
  try {
    await build({ ...rendererBuildConfig(root, outDir, flags), configFile: false })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
}

/**
 * Builds the shipped renderer when it is stale (a web host start, the e2e tests, the bench's
 * size figure). No flags: a build with any (the bench's) goes to a folder of its own.
 */
export const ensureRenderer = async (root: string, outDir?: string) => {
  if (!rendererIsStale(root, outDir)) return false
  await buildRenderer(root, outDir)
  return true
}
