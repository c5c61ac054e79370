import fs from 'node:fs'
import path from 'node:path'

// What went wrong in the kiosk, one JSON line per event, in a file in userData. A kiosk at a
// counter has nobody to click a dialog away, so errors are written here and the app carries on.
// No electron import; crash-log.test.ts checks it.

export type CrashLog = {
  write: (kind: string, detail: unknown, extra?: Record<string, unknown>) => void
  readonly file: string
}

const describeError = (detail: unknown): Record<string, unknown> =>
  detail instanceof Error
    ? { name: detail.name, message: detail.message, stack: detail.stack }
    : { message: typeof detail === 'string' ? detail : JSON.stringify(detail) }

/** Appends to `<dir>/crash.log`; past `maxBytes` the file moves to crash.log.1 (one kept). */
export const createCrashLog = (
  dir: string,
  { maxBytes = 1_000_000, now = () => new Date() } = {},
): CrashLog => {
  const file = path.join(dir, 'crash.log')
  return {
    file,
    write(kind, detail, extra = {}) {
      const line = JSON.stringify({
        at: now().toISOString(),
        kind,
        ...describeError(detail),
        ...extra,
      })
      try {
        fs.mkdirSync(dir, { recursive: true })
        const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0
        if (size > maxBytes) fs.renameSync(file, `${file}.1`)
        fs.appendFileSync(file, `${line}\n`, { mode: 0o600 })
      } catch (error) {
        // The log itself failed (disk full?): stderr is all that is left, never a dialog.
        console.error('crash log:', error, line)
      }
    },
  }
}
