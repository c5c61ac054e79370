import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { recordAudit } from '../../audit/record-audit.ts'
import { AppError } from '../../errors.ts'
import { authorize } from '../../policies/policies.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import { readMemberImport } from '../member-import-file.ts'

export type CheckMemberImportProps = {
  principal: Principal
  fileName: string
  bytes: Buffer
  /** The store the imported members join (their home store; its language is the default). */
  storeId: string
}

/** The members among `emails` (lowercased), by the (merchant, lower(email)) unique index. */
export const existingMembers = async (db: Knex, merchantId: string, emails: string[]) => {
  const rows: { email: string }[] = await db('customers')
    .where('merchant_id', merchantId)
    .whereRaw('lower(email) = ANY(?::text[])', [emails])
    .select(db.raw('lower(email) AS email'))
  return new Set(rows.map((r) => r.email))
}

/**
 * The dry run: the uploaded file is read and every line checked (bad email, duplicate in the
 * file, already a member, phone, date, language, consent, balance), then kept with its problems
 * in `member_imports` (status `checked`) for the merchant to read and start. A file that cannot
 * be read at all is `file` with its reason; a store not of the merchant is `store`.
 */
export const checkMemberImport = async (
  db: Knex,
  props: CheckMemberImportProps,
): Promise<{ id: string }> => {
  authorize(props.principal, 'import.run')
  const { merchantId } = merchantScope(props.principal)
  const store = /^[0-9a-f-]{36}$/i.test(props.storeId)
    ? await db('stores').where({ merchant_id: merchantId, id: props.storeId }).first('id')
    : null
  if (!store)
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'store', code: 'unknown_store' }] })
  const parsed = await readMemberImport(props.bytes, (emails) =>
    existingMembers(db, merchantId, emails),
  )
  if (!parsed.ok)
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'file', code: parsed.error }] })
  const actor = recordedActor(props.principal)
  return db.transaction(async (trx) => {
    const [row] = await trx('member_imports')
      .insert({
        merchant_id: merchantId,
        file_name: props.fileName.slice(0, 200),
        file_hash: createHash('sha256').update(props.bytes).digest('hex'),
        content: props.bytes,
        store_id: store.id,
        status: 'checked',
        total_lines: parsed.totalLines,
        valid_lines: parsed.lines.length,
        problems: JSON.stringify(parsed.problems),
        created_by_type: actor.type,
        created_by_id: 'id' in actor ? actor.id : null,
      })
      .returning('id')
    await recordAudit(trx, {
      actor,
      merchantId,
      action: 'import.check',
      subjectType: 'member_import',
      subjectId: row.id,
      data: {
        file_name: props.fileName,
        lines: parsed.totalLines,
        valid: parsed.lines.length,
        problems: parsed.problems.length,
      },
    })
    return { id: row.id as string }
  })
}
