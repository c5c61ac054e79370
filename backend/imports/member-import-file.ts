import { parse } from 'csv-parse/sync'
import { isLanguage, type Language } from '../../shared/languages.ts'

/** The columns of a member import, by their header names (any order, any case; only email required). */
export const IMPORT_COLUMNS = [
  'email',
  'name',
  'phone',
  'birthday',
  'language',
  'consent',
  'opening_balance',
] as const
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]

/** What can be wrong with a line; each has its sentence in locales/<lng>/merchant.json `imports.problems`. */
export const IMPORT_PROBLEMS = [
  'invalid_email',
  'duplicate_in_file',
  'already_member',
  'invalid_phone',
  'invalid_date',
  'unknown_language',
  'invalid_consent',
  'invalid_balance',
  'negative_balance',
  'too_long',
] as const
export type ImportProblemCode = (typeof IMPORT_PROBLEMS)[number]

/** What the whole file may be refused for (nothing is read then). */
export const IMPORT_FILE_ERRORS = ['empty', 'not_csv', 'no_email_column', 'too_many_lines'] as const
export type ImportFileError = (typeof IMPORT_FILE_ERRORS)[number]

export type ImportProblem = { line: number; field: ImportColumn | 'line'; code: ImportProblemCode }

/** A line that can be imported, its values normalized. */
export type ImportLine = {
  line: number
  email: string
  name: string | null
  phone: string | null
  /** YYYY-MM-DD */
  birthday: string | null
  language: Language | null
  consent: boolean
  openingBalance: number
}

export type ParsedImport =
  | { ok: false; error: ImportFileError }
  | { ok: true; totalLines: number; lines: ImportLine[]; problems: ImportProblem[] }

export const IMPORT_MAX_LINES = 200_000
/** The largest CSV a member import takes (200,000 lines of about 100 bytes). */
export const MEMBER_IMPORT_MAX_BYTES = 24 * 1024 * 1024

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^\+?[0-9 ()./-]{4,30}$/
const YES = new Set(['1', 'y', 'yes', 'true', 'oui', 'ja', 'jo', 'x'])
const NO = new Set(['', '0', 'n', 'no', 'false', 'non', 'nein', 'nee'])

/** `YYYY-MM-DD`, `DD.MM.YYYY` or `DD/MM/YYYY`, a real day between 1900 and today. */
export const importDate = (text: string, today = new Date()): string | null => {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  const european = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text)
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : european
      ? [Number(european[3]), Number(european[2]), Number(european[1])]
      : [NaN, NaN, NaN]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return null
  if (y < 1900 || date > today) return null
  return date.toISOString().slice(0, 10)
}

/** `;` or `,`: whichever the header line has more of (Excel writes `;` where the decimal comma is). */
const delimiterOf = (text: string) => {
  const header = text.slice(0, text.search(/\r?\n|$/))
  return (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ','
}

/**
 * Reads and checks a member import: every line's problems (a line may have several), and the
 * lines that can be imported. Emails are compared without case; a repeated email is a problem
 * on its later lines. `isMember` is asked once with every valid email (lowercased).
 */
export const readMemberImport = async (
  bytes: Buffer,
  isMember: (emails: string[]) => Promise<Set<string>>,
): Promise<ParsedImport> => {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
  if (text.trim() === '') return { ok: false, error: 'empty' }
  if (text.includes('\u0000')) return { ok: false, error: 'not_csv' }
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[]
  } catch {
    return { ok: false, error: 'not_csv' }
  }
  const [head, ...rows] = records
  const headers = head!.record.map((h) => h.toLowerCase().replace(/[\s-]+/g, '_'))
  if (!headers.includes('email')) return { ok: false, error: 'no_email_column' }
  if (rows.length > IMPORT_MAX_LINES) return { ok: false, error: 'too_many_lines' }
  const at = (row: string[], column: ImportColumn) => {
    const index = headers.indexOf(column)
    return index < 0 ? '' : (row[index] ?? '')
  }

  const problems: ImportProblem[] = []
  const candidates: ImportLine[] = []
  const seen = new Set<string>()
  for (const { record, info } of rows) {
    const line = info.lines
    const found: ImportProblem[] = []
    const problem = (field: ImportProblem['field'], code: ImportProblemCode) =>
      found.push({ line, field, code })
    const email = at(record, 'email')
    const key = email.toLowerCase()
    if (!EMAIL.test(email) || email.length > 254) problem('email', 'invalid_email')
    else if (seen.has(key)) problem('email', 'duplicate_in_file')
    seen.add(key)
    const name = at(record, 'name')
    if (name.length > 200) problem('name', 'too_long')
    const phone = at(record, 'phone')
    if (phone && !PHONE.test(phone)) problem('phone', 'invalid_phone')
    const birthdayText = at(record, 'birthday')
    const birthday = birthdayText ? importDate(birthdayText) : null
    if (birthdayText && !birthday) problem('birthday', 'invalid_date')
    const language = at(record, 'language').toLowerCase()
    if (language && !isLanguage(language)) problem('language', 'unknown_language')
    const consent = at(record, 'consent').toLowerCase()
    if (!YES.has(consent) && !NO.has(consent)) problem('consent', 'invalid_consent')
    const balanceText = at(record, 'opening_balance').replace(/\s/g, '')
    const balance = balanceText === '' ? 0 : Number(balanceText)
    if (!/^-?\d{1,9}$/.test(balanceText) && balanceText !== '')
      problem('opening_balance', 'invalid_balance')
    else if (balance < 0) problem('opening_balance', 'negative_balance')
    if (found.length > 0) {
      problems.push(...found)
      continue
    }
    candidates.push({
      line,
      email,
      name: name || null,
      phone: phone || null,
      birthday,
      language: isLanguage(language) ? language : null,
      consent: YES.has(consent),
      openingBalance: balance,
    })
  }
  const members = candidates.length
    ? await isMember(candidates.map((c) => c.email.toLowerCase()))
    : new Set<string>()
  const lines: ImportLine[] = []
  for (const candidate of candidates) {
    if (members.has(candidate.email.toLowerCase()))
      problems.push({ line: candidate.line, field: 'email', code: 'already_member' })
    else lines.push(candidate)
  }
  problems.sort((a, b) => a.line - b.line)
  return { ok: true, totalLines: rows.length, lines, problems }
}
