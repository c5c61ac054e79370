import { Transform } from 'node:stream'
import { presentAuditRow } from './queries/audit-log.ts'

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR at its start) gets a
 * leading apostrophe (OWASP "CSV injection"); then RFC 4180 quoting.
 */
export const csvCell = (value: unknown): string => {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`

export const AUDIT_CSV_HEADER = [
  'created_at',
  'merchant_id',
  'merchant_name',
  'actor_type',
  'actor_id',
  'actor_name',
  'action',
  'subject_type',
  'subject_id',
  'before',
  'after',
]

/** Database rows of the audit log in, CSV lines out (the header first), one row at a time. */
export const auditCsvTransform = () => {
  let headed = false
  return new Transform({
    writableObjectMode: true,
    transform(row: Record<string, unknown>, _encoding, done) {
      const r = presentAuditRow(row)
      const head = headed ? '' : csvLine(AUDIT_CSV_HEADER)
      headed = true
      done(
        null,
        head +
          csvLine([
            r.createdAt.toISOString(),
            r.merchantId,
            r.merchantName,
            r.actorType,
            r.actorId,
            r.actorName,
            r.action,
            r.subjectType,
            r.subjectId,
            r.before ? JSON.stringify(r.before) : '',
            r.after ? JSON.stringify(r.after) : JSON.stringify(r.data),
          ]),
      )
    },
    flush(done) {
      done(null, headed ? '' : csvLine(AUDIT_CSV_HEADER))
    },
  })
}
