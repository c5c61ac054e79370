import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// The kiosk app's icon: installers/resources/icon.svg is the source, icon.png (rendered by
// render-icon.ts) what electron-builder converts for every target, icon.json the SVG it came from.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ICON_DIR = path.join(ROOT, 'installers', 'resources')
export const ICON_SIZE = 1024

export type IconRecord = { source: 'icon.svg'; sha256: string; size: number }

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')

/** Width and height from a PNG's IHDR chunk; null when `data` is not a PNG. */
export const pngSize = (data: Buffer): { width: number; height: number } | null =>
  data.length >= 24 &&
  data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) &&
  data.subarray(12, 16).toString('latin1') === 'IHDR'
    ? { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
    : null

/** What is wrong with the icon files in `dir`, or null when icon.png is icon.svg's rendering. */
export const iconProblem = (dir: string): string | null => {
  const png = path.join(dir, 'icon.png')
  if (!existsSync(png)) return 'no icon.png (npm run installers:icon)'
  const size = pngSize(readFileSync(png))
  if (!size) return 'icon.png is not a PNG'
  if (size.width !== size.height || size.width < 512)
    return `icon.png is ${size.width} × ${size.height}: it must be square and at least 512 px`
  const svg = path.join(dir, 'icon.svg')
  if (!existsSync(svg)) return null
  const record = path.join(dir, 'icon.json')
  const recorded = existsSync(record)
    ? (JSON.parse(readFileSync(record, 'utf8')) as IconRecord)
    : null
  if (recorded?.sha256 !== sha256(readFileSync(svg)))
    return 'icon.png was not rendered from the current icon.svg (npm run installers:icon)'
  return null
}
