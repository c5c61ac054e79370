import { csvStream, type CsvColumn } from '../http/csv.ts'
import { presentAuditRow } from './queries/audit-log.ts'

type AuditCsvRow = ReturnType<typeof presentAuditRow>

const json = (value: unknown) => (value ? JSON.stringify(value) : '')

export const AUDIT_CSV_COLUMNS: CsvColumn<AuditCsvRow>[] = [
  { header: 'created_at', value: (r) => r.createdAt },
  { header: 'merchant_id', value: (r) => r.merchantId },
  { header: 'merchant_name', value: (r) => r.merchantName },
  { header: 'actor_type', value: (r) => r.actorType },
  { header: 'actor_id', value: (r) => r.actorId },
  { header: 'actor_name', value: (r) => r.actorName },
  { header: 'action', value: (r) => r.action },
  { header: 'subject_type', value: (r) => r.subjectType },
  { header: 'subject_id', value: (r) => r.subjectId },
  { header: 'before', value: (r) => json(r.before) },
  { header: 'after', value: (r) => (r.after ? json(r.after) : JSON.stringify(r.data)) },
]

/** Database rows of the audit log in, the CSV download out (backend/http/csv.ts), streamed. */
export const auditCsv = (rows: AsyncIterable<Record<string, unknown>>) =>
  csvStream(
    (async function* () {
      for await (const row of rows) yield presentAuditRow(row)
    })(),
    AUDIT_CSV_COLUMNS,
  )
