import { systemActor } from '../../auth/actor.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import type { ProfileForm } from '../../../shared/schemas/storefront-account.ts'

export type UpdateProfileResult = { consentChanged: boolean }

/**
 * A member changes their profile: name, phone, birthday, language, marketing consent. Giving
 * consent records when (`marketing_consent_at`); withdrawing clears it; either is audited, so
 * the consent's history stays provable.
 */
export const updateProfile = (
  db: Queryable,
  props: { merchantId: string; customerId: string; profile: ProfileForm; requestId?: string },
): Promise<UpdateProfileResult> =>
  inTransaction(db, async (trx) => {
    const { profile } = props
    const before = await trx('customers')
      .where({ id: props.customerId, merchant_id: props.merchantId })
      .whereNull('anonymized_at')
      .forUpdate()
      .first('name', 'preferred_language', 'marketing_consent')
    if (!before) throw new AppError('CUSTOMER_NOT_FOUND')
    const consentChanged = before.marketing_consent !== profile.marketingConsent
    await trx('customers')
      .where('id', props.customerId)
      .update({
        name: profile.name,
        phone: profile.phone,
        birthday: profile.birthday,
        preferred_language: profile.language,
        marketing_consent: profile.marketingConsent,
        ...(consentChanged
          ? { marketing_consent_at: profile.marketingConsent ? trx.fn.now() : null }
          : {}),
        updated_at: trx.fn.now(),
      })
    if (consentChanged) {
      await recordAudit(trx, {
        actor: systemActor(props.merchantId, 'storefront'),
        merchantId: props.merchantId,
        action: profile.marketingConsent
          ? 'customer.marketing_consent_given'
          : 'customer.marketing_consent_withdrawn',
        subjectType: 'customer',
        subjectId: props.customerId,
        requestId: props.requestId,
      })
    }
    // Kiosks show the holder's name and language; touching the card sends them the change at
    // their next pull (cards carry the change cursor).
    if (before.name !== profile.name || before.preferred_language !== profile.language) {
      await trx('cards')
        .where({ customer_id: props.customerId, merchant_id: props.merchantId })
        .update({ updated_at: trx.fn.now() })
    }
    return { consentChanged }
  })
