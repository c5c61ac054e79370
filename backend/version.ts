import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { VersionInfo } from './http/health-routes.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Package version and git commit (GIT_COMMIT from the deploy, else the checkout's HEAD). */
export const readVersion = (gitCommit: string | undefined): VersionInfo => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string
  }
  let commit = gitCommit ?? null
  if (!commit) {
    try {
      commit = execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .toString()
        .trim()
    } catch {
      commit = null
    }
  }
  return { version: pkg.version, commit }
}
