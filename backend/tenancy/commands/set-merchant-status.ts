import type { Knex } from 'knex'
import type { MerchantStatusChange } from '../../../shared/schemas/admin-forms.ts'
import type { Actor } from '../../auth/actor.ts'
import { audited } from '../../audit/audited.ts'
import { editConflict } from '../../db/versioned-update.ts'
import { AppError } from '../../errors.ts'
import type { MerchantRow } from '../models.ts'

type Props = { actor: Actor; merchantId: string; change: MerchantStatusChange }

const statusChange = (
  action: 'merchant.suspend' | 'merchant.reactivate',
  to: MerchantRow['status'],
) =>
  audited(action, async (trx: Knex.Transaction, props: Props) => {
    const current: MerchantRow | undefined = await trx('merchants')
      .where('id', props.merchantId)
      .forUpdate()
      .first()
    if (!current) throw new AppError('NOT_FOUND')
    const { version, reason } = props.change
    if (current.version !== version)
      throw editConflict({ subject: 'merchant', id: current.id, version }, current.version)
    const suspended = to === 'suspended'
    const [row] = (await trx('merchants')
      .where('id', current.id)
      .update({
        status: to,
        suspended_at: suspended ? trx.fn.now() : null,
        suspension_reason: suspended ? reason : null,
        version: trx.raw('version + 1'),
        updated_at: trx.fn.now(),
      })
      .returning('*')) as MerchantRow[]
    return {
      value: row!,
      subjectType: 'merchant',
      subjectId: current.id,
      before: { status: current.status },
      after: { status: to, reason },
    }
  })

/**
 * Suspends a merchant, with the admin's reason, from the version the admin saw. Only `status`
 * changes (nothing is deleted): the storefront answers "programme paused" (MERCHANT_SUSPENDED),
 * kiosks and API keys are refused with MERCHANT_SUSPENDED from their next request, the
 * merchant's users are told so at login. Audited `merchant.suspend` with the reason.
 */
export const suspendMerchant = statusChange('merchant.suspend', 'suspended')

/** Lifts a suspension (reason required, audited `merchant.reactivate`): everything works again. */
export const reactivateMerchant = statusChange('merchant.reactivate', 'active')
