import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { renderToStaticMarkup } from 'react-dom/server'
import { createElement } from 'react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  assetTags,
  assetUrl,
  loadAssetManifest,
  readAssetManifest,
  WebAssetsMissingError,
} from './asset-manifest.ts'
import { AssetTags } from './asset-tags.tsx'
import { buildScratchAssets, type ScratchBuild } from '../../test/scratch-assets.ts'

let build: ScratchBuild

beforeAll(async () => {
  build = await buildScratchAssets()
})
afterAll(() => build.remove())

const onDisk = (url: string) => existsSync(path.join(build.outDir, url))

describe('the asset manifest', () => {
  it('maps each surface to its hashed stylesheet, preloaded chunks and script', () => {
    const assets = readAssetManifest(build.outDir)
    for (const entry of ['storefront', 'merchant', 'admin'] as const) {
      const tags = assets.tags(entry)
      expect(tags.styles).toHaveLength(1)
      expect(tags.styles[0]).toMatch(new RegExp(`^/assets/${entry}-[A-Za-z0-9_-]{8}\\.css$`))
      expect(tags.scripts).toHaveLength(1)
      expect(tags.scripts[0]).toMatch(new RegExp(`^/assets/${entry}-[A-Za-z0-9_-]{8}\\.js$`))
      expect(tags.preloads).toEqual([expect.stringMatching(/^\/assets\/enhance-[\w-]{8}\.js$/)])
      for (const url of [...tags.styles, ...tags.scripts, ...tags.preloads])
        expect(onDisk(url), url).toBe(true)
    }
  })

  it('answers logical names with hashed URLs and refuses unknown ones', () => {
    const assets = readAssetManifest(build.outDir)
    expect(assets.url('storefront.css')).toBe(assets.tags('storefront').styles[0])
    expect(assets.url('admin.js')).toBe(assets.tags('admin').scripts[0])
    expect(() => assets.url('storefront.min.js')).toThrow(/storefront\.min\.js/)
  })

  it('says how to build the assets when there is no build', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'rewardflow-nobuild-'))
    try {
      expect(() => readAssetManifest(empty)).toThrow(WebAssetsMissingError)
      expect(() => readAssetManifest(empty)).toThrow(/npm run build:web/)
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })

  it('serves assetTags() and assetUrl() from the loaded build and follows a rebuild', () => {
    const loaded = loadAssetManifest(build.outDir)
    expect(assetTags('merchant')).toEqual(loaded.tags('merchant'))
    expect(assetUrl('merchant.css')).toBe(loaded.url('merchant.css'))

    // Another build replaces manifest.json: the next page uses the new names.
    const file = path.join(build.outDir, 'manifest.json')
    const original = readFileSync(file, 'utf8')
    try {
      const manifest = JSON.parse(original)
      manifest['merchant.ts'].css = ['assets/merchant-NEWHASH1.css']
      writeFileSync(file, JSON.stringify(manifest))
      const later = new Date(Date.now() + 5_000)
      utimesSync(file, later, later)
      expect(assetUrl('merchant.css')).toBe('/assets/merchant-NEWHASH1.css')
    } finally {
      writeFileSync(file, original)
      loadAssetManifest(build.outDir)
    }
  })

  it('renders the head tags of a surface as a React component', () => {
    loadAssetManifest(build.outDir)
    const html = renderToStaticMarkup(
      createElement(AssetTags, { entry: 'storefront', nonce: 'n0nce' }),
    )
    const tags = assetTags('storefront')
    // React may hoist the preload first; the stylesheet still comes before the script.
    expect(html).toContain(`<link rel="stylesheet" href="${tags.styles[0]}"/>`)
    // Scripts and preloads carry the response's CSP nonce (http/security-headers.ts).
    expect(html).toContain(`<link rel="modulepreload" href="${tags.preloads[0]}" nonce="n0nce"/>`)
    expect(html).toContain(`<script type="module" src="${tags.scripts[0]}" nonce="n0nce"></script>`)
    expect(html.indexOf('rel="stylesheet"')).toBeLessThan(html.indexOf('<script'))
  })
})
