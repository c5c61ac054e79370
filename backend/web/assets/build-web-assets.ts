import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { WEB_CLIENT_DIR, WEB_DIST_DIR, WebAssetsMissingError } from './asset-manifest.ts'
import { viteBuild } from '../../build/vite-build.ts'
import { FINGERPRINT_FILE, sourceFingerprint } from './source-fingerprint.ts'
import { MANIFEST_FILE, webBuildConfig } from './web-build-config.ts'

export type WebBuildOptions = {
  /** The sources: backend/web/client unless told otherwise. */
  root?: string
  /** The output: dist/web unless told otherwise. Replaced as a whole by a build. */
  outDir?: string
  /** Vite's console output; quiet unless asked. */
  logLevel?: 'info' | 'warn' | 'error' | 'silent'
}

type Warn = { warn: (message: string) => void }

const builtFingerprint = (outDir: string): string | null => {
  if (!existsSync(path.join(outDir, MANIFEST_FILE))) return null
  try {
    return readFileSync(path.join(outDir, FINGERPRINT_FILE), 'utf8').trim()
  } catch {
    return ''
  }
}

/** True when `outDir` holds a build of exactly the current sources in `root`. */
export const webAssetsAreCurrent = ({
  root = WEB_CLIENT_DIR,
  outDir = WEB_DIST_DIR,
}: WebBuildOptions = {}): boolean => builtFingerprint(outDir) === sourceFingerprint(root)

/**
 * Builds the page assets with Vite into a scratch folder next to `outDir` and then swaps it in,
 * so a reader never sees half a build. Vite is a development dependency: it is loaded only here.
 */
export const buildWebAssets = async ({
  root = WEB_CLIENT_DIR,
  outDir = WEB_DIST_DIR,
  logLevel = 'warn',
}: WebBuildOptions = {}): Promise<void> => {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`
  const staging = `${outDir}.building-${suffix}`
  const previous = `${outDir}.previous-${suffix}`
  try {
    await viteBuild({ ...webBuildConfig({ root, outDir: staging }), configFile: false, logLevel })
    await rename(outDir, previous).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
    await rename(staging, outDir).catch((error: NodeJS.ErrnoException) => {
      // Another process swapped its build in first; it was built from the same sources.
      if (!['ENOTEMPTY', 'EEXIST'].includes(error.code ?? '') || !existsSync(outDir)) throw error
    })
  } finally {
    await rm(staging, { recursive: true, force: true })
    await rm(previous, { recursive: true, force: true })
  }
}

const viteIsInstalled = async () =>
  import('vite').then(
    () => true,
    () => false,
  )

/**
 * Makes sure dist/web holds assets built from the current sources: builds them when the
 * manifest is missing or the sources changed since (by content), and does nothing otherwise.
 * Where Vite is not installed (a production install without dev dependencies) an existing build
 * is used as is, with a warning; no build at all is an error.
 */
export const ensureWebAssets = async (
  options: WebBuildOptions & { log?: Warn } = {},
): Promise<{ built: boolean; outDir: string }> => {
  const { root = WEB_CLIENT_DIR, outDir = WEB_DIST_DIR, log = console } = options
  const have = builtFingerprint(outDir)
  // The compiled build (npm run build) ships the assets without their sources: serve them.
  if (!existsSync(root)) {
    if (have !== null) return { built: false, outDir }
    throw new WebAssetsMissingError(outDir)
  }
  if (have !== null && have === sourceFingerprint(root)) return { built: false, outDir }
  if (!(await viteIsInstalled())) {
    if (have !== null) {
      log.warn(`Page assets in ${outDir} are older than their sources; run npm run build:web.`)
      return { built: false, outDir }
    }
    throw new Error(
      `The page assets are not built and Vite is not installed: run npm run build:web where dev dependencies are installed.`,
    )
  }
  await buildWebAssets({ ...options, root, outDir })
  return { built: true, outDir }
}
