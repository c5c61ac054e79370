import type { Knex } from 'knex'
import type { MerchantCreate } from '../../../shared/schemas/admin-forms.ts'
import type { Actor } from '../../auth/actor.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import type { MerchantRow } from '../models.ts'
import { asTakenField } from '../unique-violation.ts'

/**
 * The platform admin creates a merchant on a platform: legal name, slug (unique: `taken`),
 * country, currency, the language of its emails and the length of its staff PINs. It starts
 * active, without stores or team, with a draft points programme (no terms yet: it cannot go live
 * before its owner writes them); the admin adds stores and invites its owner.
 * Audited `merchant.create` in the same transaction, on the new merchant (not through
 * `audited`, whose merchant is known before the change).
 */
export const createMerchant = (
  db: Queryable,
  props: { actor: Actor; body: MerchantCreate },
): Promise<MerchantRow> =>
  inTransaction(db, async (trx: Knex.Transaction) => {
    const { pin_length, ...fields } = props.body
    const platform = await trx('platforms').where('id', fields.platform_id).first('id')
    if (!platform)
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'platform_id', code: 'invalid' }],
      })
    const [row] = (await trx('merchants')
      .insert({ ...fields, settings: { kiosk: { pin_length } } })
      .returning('*')
      .catch((error: unknown) =>
        asTakenField(error, { merchants_slug_unique: 'slug' }),
      )) as MerchantRow[]
    // The owner's Programme page edits this draft; it goes live from there.
    await trx('programmes').insert({ merchant_id: row!.id, type: 'points', status: 'draft' })
    await recordAudit(trx, {
      actor: props.actor,
      merchantId: row!.id,
      action: 'merchant.create',
      subjectType: 'merchant',
      subjectId: row!.id,
      data: { before: null, after: { ...fields, pin_length } },
    })
    return row!
  })
