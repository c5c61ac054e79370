import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { MANIFEST_FILE, WEB_ENTRIES, type WebEntry } from './web-build-config.ts'

const here = fileURLToPath(import.meta.url)
const repoRoot = path.resolve(path.dirname(here), '../../..')
/**
 * True in the compiled build (`npm run build`: dist/backend/…/*.js), whose root is dist/ itself;
 * false when the TypeScript sources run (tsx, vitest) from the repository.
 */
const compiled = here.endsWith('.js')
/** The sources of the page assets (absent from the compiled build). */
export const WEB_CLIENT_DIR = path.join(repoRoot, 'backend', 'web', 'client')
/** The built page assets: manifest.json and assets/ (git-ignored): dist/web either way. */
export const WEB_DIST_DIR = compiled
  ? path.join(repoRoot, 'web')
  : path.join(repoRoot, 'dist', 'web')

const ManifestChunk = z.object({
  file: z.string(),
  src: z.string().optional(),
  name: z.string().optional(),
  isEntry: z.boolean().optional(),
  css: z.array(z.string()).optional(),
  assets: z.array(z.string()).optional(),
  imports: z.array(z.string()).optional(),
})
const ViteManifest = z.record(z.string(), ManifestChunk)
type ViteManifest = z.infer<typeof ViteManifest>

/** What a page of one surface puts in its <head>, as root-relative URLs in cascade order. */
export type AssetTags = {
  styles: string[]
  /** Chunks the entry script imports: `<link rel="modulepreload">` saves a round trip. */
  preloads: string[]
  /** `<script type="module">` (deferred by nature: pages render before scripts run). */
  scripts: string[]
}

export type WebAssets = {
  /** The folder the manifest was read from. */
  dir: string
  tags: (entry: WebEntry) => AssetTags
  /** The hashed URL of `storefront.js`, `storefront.css`, … or of a source file (`images/x.svg`). */
  url: (logicalName: string) => string
}

export class WebAssetsMissingError extends Error {
  constructor(dir: string) {
    super(
      `The page assets are not built (no ${path.join(dir, MANIFEST_FILE)}): ` +
        'run `npm run build:web`, or call ensureWebAssets() before serving pages.',
    )
    this.name = 'WebAssetsMissingError'
  }
}

const toUrl = (file: string) => `/${file}`
const unique = (items: string[]) => [...new Set(items)]

const entryTags = (manifest: ViteManifest, key: string): AssetTags => {
  const styles: string[] = []
  const preloads: string[] = []
  const seen = new Set<string>()
  // Depth first, imports before the importer: the cascade order of the sources.
  const visit = (chunkKey: string, isEntry: boolean) => {
    if (seen.has(chunkKey)) return
    seen.add(chunkKey)
    const chunk = manifest[chunkKey]
    if (!chunk) throw new Error(`manifest.json names a chunk it does not contain: ${chunkKey}`)
    for (const imported of chunk.imports ?? []) visit(imported, false)
    styles.push(...(chunk.css ?? []))
    if (!isEntry) preloads.push(chunk.file)
  }
  visit(key, true)
  const entry = manifest[key]
  return {
    styles: unique(styles).map(toUrl),
    preloads: unique(preloads).map(toUrl),
    scripts: entry ? [toUrl(entry.file)] : [],
  }
}

/** Reads dist/web/manifest.json (or another build's) into the URLs the pages need. */
export const readAssetManifest = (dir: string = WEB_DIST_DIR): WebAssets => {
  let raw: string
  try {
    raw = readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')
  } catch {
    throw new WebAssetsMissingError(dir)
  }
  const manifest = ViteManifest.parse(JSON.parse(raw))
  const tags = new Map<WebEntry, AssetTags>()
  const urls = new Map<string, string>()
  for (const entry of WEB_ENTRIES) {
    const key = `${entry}.ts`
    if (!manifest[key]?.isEntry) throw new Error(`manifest.json in ${dir} has no entry ${key}`)
    const entryTagsOf = entryTags(manifest, key)
    tags.set(entry, entryTagsOf)
    const [script] = entryTagsOf.scripts
    if (script) urls.set(`${entry}.js`, script)
    const ownCss = manifest[key]?.css ?? []
    if (ownCss.length === 1 && ownCss[0]) urls.set(`${entry}.css`, toUrl(ownCss[0]))
  }
  for (const [key, chunk] of Object.entries(manifest)) {
    if (chunk.src && !chunk.isEntry && !key.startsWith('_')) urls.set(chunk.src, toUrl(chunk.file))
  }
  return {
    dir,
    tags: (entry) => {
      const found = tags.get(entry)
      if (!found) throw new Error(`Unknown page bundle: ${entry}`)
      return found
    },
    url: (logicalName) => {
      const found = urls.get(logicalName)
      if (!found) throw new Error(`No built asset is called ${logicalName} (see manifest.json)`)
      return found
    },
  }
}

let current: { dir: string; mtimeMs: number; assets: WebAssets } | null = null

const manifestMtime = (dir: string) =>
  statSync(path.join(dir, MANIFEST_FILE), { throwIfNoEntry: false })?.mtimeMs

/**
 * Reads a build's manifest and makes it the one `assetTags()` and `assetUrl()` answer from
 * (dist/web unless told otherwise). Call once at start-up, after ensureWebAssets().
 */
export const loadAssetManifest = (dir: string = WEB_DIST_DIR): WebAssets => {
  const mtimeMs = manifestMtime(dir)
  const assets = readAssetManifest(dir)
  current = { dir, mtimeMs: mtimeMs ?? 0, assets }
  return assets
}

// A rebuild while the server runs (npm run build:web) is picked up by the next page: one stat
// per call. While a rebuild swaps the folder, the last manifest read stays in use.
const currentAssets = (): WebAssets => {
  const dir = current?.dir ?? WEB_DIST_DIR
  const mtimeMs = manifestMtime(dir)
  if (current && (mtimeMs === undefined || mtimeMs === current.mtimeMs)) return current.assets
  return loadAssetManifest(dir)
}

/** The hashed CSS, preload and script URLs of one surface's pages ('storefront', 'merchant', 'admin'). */
export const assetTags = (entry: WebEntry): AssetTags => currentAssets().tags(entry)

/** The hashed URL of a built file by its logical name: 'storefront.css', 'admin.js', … */
export const assetUrl = (logicalName: string): string => currentAssets().url(logicalName)
