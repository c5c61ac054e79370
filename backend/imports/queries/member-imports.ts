import type { Knex } from 'knex'
import type { ImportProblem } from '../member-import-file.ts'

export type ImportStatus = 'checked' | 'queued' | 'running' | 'done' | 'failed'

/** An import as the pages show it (never the file's bytes). */
export type MemberImportView = {
  id: string
  fileName: string
  storeName: string
  status: ImportStatus
  totalLines: number
  validLines: number
  problemCount: number
  processed: number
  imported: number
  skipped: number
  sendWelcome: boolean
  error: string | null
  createdAt: Date
  finishedAt: Date | null
  version: number
}

const COLUMNS = [
  'i.id',
  'i.file_name',
  's.name as store_name',
  'i.status',
  'i.total_lines',
  'i.valid_lines',
  'i.processed',
  'i.imported',
  'i.skipped',
  'i.send_welcome',
  'i.error',
  'i.created_at',
  'i.finished_at',
  'i.version',
]

const present = (r: Record<string, unknown>): MemberImportView => ({
  id: r.id as string,
  fileName: r.file_name as string,
  storeName: r.store_name as string,
  status: r.status as ImportStatus,
  totalLines: r.total_lines as number,
  validLines: r.valid_lines as number,
  problemCount: r.problem_count as number,
  processed: r.processed as number,
  imported: r.imported as number,
  skipped: r.skipped as number,
  sendWelcome: r.send_welcome as boolean,
  error: (r.error as string | null) ?? null,
  createdAt: r.created_at as Date,
  finishedAt: (r.finished_at as Date | null) ?? null,
  version: r.version as number,
})

const imports = (db: Knex, merchantId: string) =>
  db('member_imports as i')
    .join('stores as s', 's.id', 'i.store_id')
    .where('i.merchant_id', merchantId)
    .select([...COLUMNS, db.raw('jsonb_array_length(i.problems) AS problem_count')])

/** The merchant's latest imports, newest first. */
export const listMemberImports = async (db: Knex, merchantId: string, limit = 10) =>
  (await imports(db, merchantId).orderBy('i.created_at', 'desc').limit(limit)).map(present)

/** One import and one page of its dry run's problems (in line order). */
export const loadMemberImport = async (
  db: Knex,
  merchantId: string,
  id: string,
  page: { page: number; perPage: number },
): Promise<{ import: MemberImportView; problems: ImportProblem[] } | null> => {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null
  const offset = (page.page - 1) * page.perPage
  const row = await imports(db, merchantId)
    .where('i.id', id)
    .first(
      db.raw(
        `coalesce((SELECT jsonb_agg(p) FROM (SELECT p FROM jsonb_array_elements(i.problems) p
           OFFSET ? LIMIT ?) page), '[]') AS problems_page`,
        [offset, page.perPage],
      ),
    )
  if (!row) return null
  return { import: present(row), problems: row.problems_page as ImportProblem[] }
}
