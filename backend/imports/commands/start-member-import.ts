import type { Knex } from 'knex'
import { recordAudit } from '../../audit/record-audit.ts'
import { AppError } from '../../errors.ts'
import { enqueueJob } from '../../jobs/enqueue.ts'
import { authorize } from '../../policies/policies.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'

/**
 * Starts a checked import: under the import's row lock, from the version shown (a second click
 * or a stale page is EDIT_CONFLICT), `queued`, and its `members:import` job in the same
 * transaction; welcome emails only when the merchant ticked them. Audited.
 */
export const startMemberImport = async (
  db: Knex,
  props: { principal: Principal; importId: string; version: number; sendWelcome: boolean },
) => {
  authorize(props.principal, 'import.run')
  const { merchantId } = merchantScope(props.principal)
  await db.transaction(async (trx) => {
    const row = await trx('member_imports')
      .where({ merchant_id: merchantId, id: props.importId })
      .forUpdate()
      .first('id', 'status', 'version', 'valid_lines', 'file_name', 'file_hash')
    if (!row) throw new AppError('NOT_FOUND')
    if (row.status !== 'checked' || row.version !== props.version)
      throw new AppError('EDIT_CONFLICT')
    await trx('member_imports')
      .where({ merchant_id: merchantId, id: row.id })
      .update({ status: 'queued', send_welcome: props.sendWelcome, version: row.version + 1 })
    await enqueueJob(
      trx,
      'members:import',
      { merchant_id: merchantId, import_id: row.id },
      { jobKey: `members:import:${row.id}` },
    )
    await recordAudit(trx, {
      actor: recordedActor(props.principal),
      merchantId,
      action: 'import.run',
      subjectType: 'member_import',
      subjectId: row.id,
      data: {
        file_name: row.file_name,
        file_hash: row.file_hash,
        lines: row.valid_lines,
        send_welcome: props.sendWelcome,
      },
    })
  })
}
