import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Plugin, UserConfig } from 'vite'
import { FINGERPRINT_FILE, sourceFingerprint } from './source-fingerprint.ts'

/** The page bundles: one per surface, each a script that imports its surface's stylesheet. */
export const WEB_ENTRIES = ['storefront', 'merchant', 'admin'] as const
export type WebEntry = (typeof WEB_ENTRIES)[number]

/** Where the manifest is written, relative to the output folder (Vite's default hides it). */
export const MANIFEST_FILE = 'manifest.json'
/** Served at /assets/*; every file in it carries a content hash in its name. */
export const ASSETS_FOLDER = 'assets'

export type WebBuildPaths = {
  /** backend/web/client, or a copy of it (tests). */
  root: string
  /** dist/web, or a scratch folder (tests). */
  outDir: string
}

/** Records which sources a build was made from, so a start-up can tell whether it is current. */
const recordSourceFingerprint = (root: string, outDir: string): Plugin => {
  let fingerprint = ''
  // Where the bundle is written: `vite build --outDir` overrides the configured folder.
  let writtenTo = outDir
  return {
    name: 'rewardflow:source-fingerprint',
    apply: 'build',
    configResolved(config) {
      writtenTo = path.resolve(config.root, config.build.outDir)
    },
    // Taken before the sources are read: an edit during the build makes the next check rebuild.
    buildStart() {
      fingerprint = sourceFingerprint(root)
    },
    writeBundle() {
      writeFileSync(path.join(writtenTo, FINGERPRINT_FILE), `${fingerprint}\n`)
    },
  }
}

/**
 * The one Vite configuration of the page assets, used by `npm run build:web`
 * (vite.web.config.ts) and by `buildWebAssets()`. File names carry content hashes, so a deploy
 * can never serve a stale script under an old name (docs/lessons.md #11).
 */
export const webBuildConfig = ({ root, outDir }: WebBuildPaths): UserConfig => ({
  root,
  base: '/',
  publicDir: false,
  envDir: false,
  clearScreen: false,
  plugins: [recordSourceFingerprint(root, outDir)],
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: ASSETS_FOLDER,
    manifest: MANIFEST_FILE,
    // Pages are plain forms; the scripts only enhance them and need no polyfills.
    target: 'baseline-widely-available',
    modulePreload: false,
    cssCodeSplit: true,
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    assetsInlineLimit: 2048,
    rolldownOptions: {
      input: Object.fromEntries(WEB_ENTRIES.map((name) => [name, path.join(root, `${name}.ts`)])),
      output: {
        entryFileNames: `${ASSETS_FOLDER}/[name]-[hash].js`,
        chunkFileNames: `${ASSETS_FOLDER}/[name]-[hash].js`,
        assetFileNames: `${ASSETS_FOLDER}/[name]-[hash][extname]`,
        // The enhancements all surfaces share make one chunk named for what it is, not after
        // whichever module the bundler met first. Each surface has a single CSS file (its
        // stylesheet @imports base.css), so the cascade order never depends on chunking.
        codeSplitting: { groups: [{ name: 'enhance', test: /[\\/]enhance[\\/]/ }] },
      },
    },
  },
})
