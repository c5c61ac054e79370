import type { Knex } from 'knex'
import type { Readable } from 'node:stream'
import type { ExportKind } from '../../../shared/schemas/exports-api.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { csvBatchStream, type CsvColumn } from '../../http/csv.ts'
import { authorize } from '../../policies/policies.ts'
import { recordedActor, type Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import { EXPORT_COLUMNS } from '../export-columns.ts'
import { exportBatches, resolveExportStores } from '../queries/export-rows.ts'
import { readDatabase } from '../../db/read-replica.ts'

export type StartExportProps = {
  principal: Principal
  kind: ExportKind
  /** Store codes asked for (none: every store within reach). */
  stores: string[]
  from?: string | undefined
  to?: string | undefined
  requestId?: string | undefined
}

/**
 * Starts a CSV export within the principal's reach (a store manager's stores only): the stores
 * asked for are checked (`store` `unknown_store`), the export is audited (who, what, filters),
 * and the rows stream from a cursor through the CSV writer — nothing is held but a batch.
 */
export const startExport = async (db: Knex, props: StartExportProps): Promise<Readable> => {
  authorize(props.principal, 'export.read')
  const scope = merchantScope(props.principal)
  const storeIds = await resolveExportStores(db, scope, props.stores)
  await recordAudit(db, {
    actor: recordedActor(props.principal),
    merchantId: scope.merchantId,
    action: 'export.download',
    subjectType: 'export',
    subjectId: props.kind,
    data: {
      kind: props.kind,
      stores: props.stores,
      ...(scope.storeIds ? { within_stores: scope.storeIds } : {}),
      ...(props.kind === 'ledger' ? { from: props.from ?? null, to: props.to ?? null } : {}),
    },
    requestId: props.requestId,
  })
  // The rows stream from the read replica when there is one (DATABASE_READ_URL).
  const batches = exportBatches<never>(readDatabase(db), scope.merchantId, {
    kind: props.kind,
    storeIds,
    from: props.from,
    to: props.to,
  })
  return csvBatchStream(batches, EXPORT_COLUMNS[props.kind] as CsvColumn<never>[])
}
