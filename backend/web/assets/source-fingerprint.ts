import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Written next to manifest.json by every build: which sources the assets were built from. */
export const FINGERPRINT_FILE = 'source-fingerprint.txt'

const here = path.dirname(fileURLToPath(import.meta.url))
/** Files outside the client folder whose change changes the output. */
const BUILD_FILES = ['web-build-config.ts'].map((name) => path.join(here, name))

const isSource = (name: string) =>
  !name.startsWith('.') &&
  !/\.test\.tsx?$/.test(name) &&
  name !== 'README.md' &&
  name !== 'tsconfig.json'

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => isSource(entry.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) return sourceFiles(full)
      return entry.isFile() ? [full] : []
    })

/**
 * A hash of every file the page assets are built from (contents, not modification times, which
 * git checkouts, copies and archives do not keep faithfully).
 */
export const sourceFingerprint = (root: string): string => {
  const hash = createHash('sha256')
  const files = sourceFiles(root)
    .map((file) => ({ file, name: path.relative(root, file).split(path.sep).join('/') }))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
  for (const { file, name } of [
    ...files,
    ...BUILD_FILES.map((file) => ({ file, name: `<build>/${path.basename(file)}` })),
  ]) {
    hash.update(`${name}\0`).update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}
