import type { Alert } from '../../../shared/schemas/alerts-api.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { editConflict } from '../../db/versioned-update.ts'
import { AppError } from '../../errors.ts'
import { authorize } from '../../policies/policies.ts'
import type { Principal } from '../../policies/principal.ts'
import { merchantScope } from '../../policies/scope.ts'
import { loadAlert } from '../queries/alerts.ts'

export type AcknowledgeAlertProps = {
  principal: Principal
  merchantId: string
  actor: Actor
  alertId: string
  /** The alert's version as the acknowledger read it. */
  version: number
}

/**
 * Acknowledges an alert from the version read: who and when are kept, the alert moves to the
 * acknowledged list (never deleted). Once: a second acknowledgement is
 * ALERT_ALREADY_ACKNOWLEDGED, a stale version EDIT_CONFLICT; an alert out of the principal's
 * reach (another merchant's, another store's for a store manager) NOT_FOUND.
 */
export const acknowledgeAlert = audited(
  'alert.acknowledge',
  async (trx, props: AcknowledgeAlertProps) => {
    const locked = await trx('alerts')
      .where({ id: props.alertId, merchant_id: props.merchantId })
      .forUpdate()
      .first<
        | { id: string; store_id: string | null; acknowledged_at: Date | null; version: number }
        | undefined
      >('id', 'store_id', 'acknowledged_at', 'version')
    if (!locked) throw new AppError('NOT_FOUND')
    authorize(props.principal, 'alert.acknowledge', {
      merchantId: props.merchantId,
      storeId: locked.store_id,
    })
    if (locked.acknowledged_at)
      throw new AppError('ALERT_ALREADY_ACKNOWLEDGED', {
        acknowledged_at: locked.acknowledged_at.toISOString(),
      })
    if (locked.version !== props.version)
      throw editConflict(
        { subject: 'alert', id: locked.id, version: props.version },
        locked.version,
      )
    await trx('alerts')
      .where('id', locked.id)
      .update({
        acknowledged_at: trx.fn.now(),
        acknowledged_by_type: props.actor.type,
        acknowledged_by_id: 'id' in props.actor ? props.actor.id : null,
        version: locked.version + 1,
      })
    const value = (await loadAlert(trx, merchantScope(props.principal), locked.id)) as Alert
    return {
      value,
      subjectType: 'alert',
      subjectId: locked.id,
      before: { acknowledged_at: null },
      after: { acknowledged_at: value.acknowledged_at },
    }
  },
)
