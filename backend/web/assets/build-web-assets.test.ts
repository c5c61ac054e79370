import { appendFileSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureWebAssets, webAssetsAreCurrent } from './build-web-assets.ts'
import { buildScratchAssets, type ScratchBuild } from '../../test/scratch-assets.ts'
import { FINGERPRINT_FILE } from './source-fingerprint.ts'
import { WebAssetsMissingError } from './asset-manifest.ts'

const HASHED = /^[a-z]+-[A-Za-z0-9_-]{8}\.(js|css)$/

const manifestOf = (outDir: string): Record<string, { file: string; css?: string[] }> =>
  JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8'))

const entryFiles = (outDir: string, entry: string) => {
  const chunk = manifestOf(outDir)[`${entry}.ts`]
  return { js: chunk?.file, css: chunk?.css?.[0] }
}

let build: ScratchBuild

beforeAll(async () => {
  build = await buildScratchAssets()
})
afterAll(() => build.remove())

describe('the page asset build', () => {
  it('writes every file under a content-hashed name, listed in manifest.json', () => {
    const files = readdirSync(path.join(build.outDir, 'assets'))
    expect(files.length).toBeGreaterThanOrEqual(6)
    for (const file of files) expect(file).toMatch(HASHED)

    const manifest = manifestOf(build.outDir)
    for (const entry of ['storefront', 'merchant', 'admin']) {
      const { js, css } = entryFiles(build.outDir, entry)
      expect(js).toMatch(new RegExp(`^assets/${entry}-[A-Za-z0-9_-]{8}\\.js$`))
      expect(css).toMatch(new RegExp(`^assets/${entry}-[A-Za-z0-9_-]{8}\\.css$`))
      expect(files).toContain(path.basename(js ?? ''))
      expect(files).toContain(path.basename(css ?? ''))
    }
    const listed = Object.values(manifest).map((chunk) => path.basename(chunk.file))
    expect(files.filter((f) => f.endsWith('.js')).sort()).toEqual(
      listed.filter((f) => f.endsWith('.js')).sort(),
    )
  })

  it('puts the shared base styles before the surface styles in one stylesheet per surface', () => {
    const css = readFileSync(
      path.join(build.outDir, entryFiles(build.outDir, 'storefront').css ?? ''),
      'utf8',
    )
    expect(css.indexOf('.button--primary')).toBeGreaterThan(-1)
    expect(css.indexOf('.button--primary')).toBeLessThan(css.indexOf('.balance'))
    expect(css).not.toContain('.app__sidebar')
  })

  it('records the sources it was built from, so the build counts as current', () => {
    expect(readFileSync(path.join(build.outDir, FINGERPRINT_FILE), 'utf8')).toMatch(/^[0-9a-f]{64}/)
    expect(webAssetsAreCurrent({ root: build.root, outDir: build.outDir })).toBe(true)
  })

  it('gives a changed stylesheet a new name and leaves the others alone', async () => {
    const before = {
      storefront: entryFiles(build.outDir, 'storefront'),
      merchant: entryFiles(build.outDir, 'merchant'),
    }
    appendFileSync(path.join(build.root, 'styles', 'storefront.css'), '\n.x-test { color: red; }\n')
    expect(webAssetsAreCurrent({ root: build.root, outDir: build.outDir })).toBe(false)
    await build.rebuild()
    const after = {
      storefront: entryFiles(build.outDir, 'storefront'),
      merchant: entryFiles(build.outDir, 'merchant'),
    }
    expect(after.storefront.css).not.toBe(before.storefront.css)
    expect(after.merchant).toEqual(before.merchant)
    const served = readdirSync(path.join(build.outDir, 'assets'))
    expect(served).not.toContain(path.basename(before.storefront.css ?? ''))
  })

  it('renames every script that imports a changed module, so no page loads a stale one', async () => {
    const before = entryFiles(build.outDir, 'admin').js
    // A shared module changes: the entry scripts import its chunk under the chunk's new name.
    const file = path.join(build.root, 'enhance', 'mark-js.ts')
    writeFileSync(file, readFileSync(file, 'utf8').replace("add('js')", "add('js', 'js-test')"))
    await build.rebuild()
    const after = entryFiles(build.outDir, 'admin').js
    expect(after).not.toBe(before)
    const entry = readFileSync(path.join(build.outDir, after ?? ''), 'utf8')
    const chunk = /enhance-[A-Za-z0-9_-]{8}\.js/.exec(entry)?.[0]
    expect(chunk).toBeDefined()
    expect(readFileSync(path.join(build.outDir, 'assets', chunk ?? ''), 'utf8')).toContain(
      'js-test',
    )
  })
})

describe('ensureWebAssets', () => {
  it('builds when there is no build, then does nothing while the sources stay the same', async () => {
    const outDir = path.join(path.dirname(build.outDir), 'ensured')
    const quiet = { root: build.root, outDir, logLevel: 'silent' as const }
    expect(await ensureWebAssets(quiet)).toEqual({ built: true, outDir })
    expect(await ensureWebAssets(quiet)).toEqual({ built: false, outDir })
  })

  it('rebuilds when a source changed, even one whose file looks older than the build', async () => {
    const outDir = path.join(path.dirname(build.outDir), 'ensured')
    const quiet = { root: build.root, outDir, logLevel: 'silent' as const }
    await ensureWebAssets(quiet)
    const file = path.join(build.root, 'styles', 'admin.css')
    appendFileSync(file, '\n.y-test { color: blue; }\n')
    const longAgo = new Date('2020-01-01T00:00:00Z')
    utimesSync(file, longAgo, longAgo)
    expect(await ensureWebAssets(quiet)).toEqual({ built: true, outDir })
    const css = entryFiles(outDir, 'admin').css ?? ''
    expect(readFileSync(path.join(outDir, css), 'utf8')).toContain('.y-test')
  })

  it('serves the build as it is where its sources are not shipped (the production build)', async () => {
    const noSources = path.join(path.dirname(build.outDir), 'no-such-client')
    const log = { warn: (message: string) => expect.fail(message) }
    expect(await ensureWebAssets({ root: noSources, outDir: build.outDir, log })).toEqual({
      built: false,
      outDir: build.outDir,
    })
    await expect(
      ensureWebAssets({ root: noSources, outDir: path.join(build.outDir, 'none'), log }),
    ).rejects.toThrow(WebAssetsMissingError)
  })
})
