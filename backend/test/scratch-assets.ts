import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { WEB_CLIENT_DIR } from '../web/assets/asset-manifest.ts'
import { buildWebAssets } from '../web/assets/build-web-assets.ts'

export type ScratchBuild = {
  /** A copy of backend/web/client that a test may edit. */
  root: string
  /** The build output (manifest.json, assets/). */
  outDir: string
  rebuild: () => Promise<void>
  remove: () => void
}

/** Tests build into their own temporary folder, never into dist/web that other tests read. */
export const buildScratchAssets = async (): Promise<ScratchBuild> => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rewardflow-web-'))
  const root = path.join(dir, 'client')
  const outDir = path.join(dir, 'dist', 'web')
  // Without tsconfig.json: it extends the repository's, which is not there.
  cpSync(WEB_CLIENT_DIR, root, {
    recursive: true,
    filter: (source) => path.basename(source) !== 'tsconfig.json',
  })
  const rebuild = () => buildWebAssets({ root, outDir, logLevel: 'silent' })
  const remove = () => rmSync(dir, { recursive: true, force: true })
  await rebuild().catch((error: unknown) => {
    remove()
    throw error
  })
  return { root, outDir, rebuild, remove }
}
