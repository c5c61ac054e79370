import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { enrollCustomer } from '../../loyalty/commands/enroll-customer.ts'
import { systemActor } from '../../auth/actor.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Language } from '../../../shared/languages.ts'
import type { JoinForm } from '../../../shared/schemas/storefront.ts'
import { cardPath } from '../../../shared/scan-payload.ts'
import { queueEmail } from '../../email/queue-email.ts'
import type { SiteUrls } from '../../web/site/urls.ts'

export type JoinResult = {
  alreadyMember: boolean
  customerId: string
  cardNumber: string
  welcomeBonus: number
}

/**
 * A customer joins on the storefront: enrolled with the terms accepted now (a second join with
 * the same email is "already a member": no second card, no second welcome bonus).
 */
export const joinProgramme = (
  db: Knex,
  props: {
    merchantId: string
    storeCode: string
    form: JoinForm
    language: Language
    /** The store's site URLs (the URL builder of the request), for the welcome email. */
    urls: Pick<SiteUrls, 'absolute'>
  },
): Promise<JoinResult> =>
  inTransaction(db, async (trx) => {
    const enrollment = await enrollCustomer(trx, {
      merchantId: props.merchantId,
      storeCode: props.storeCode,
      clientId: randomUUID(),
      email: props.form.email,
      name: props.form.name,
      phone: props.form.phone,
      birthday: props.form.birthday,
      preferredLanguage: props.language,
      marketingConsent: props.form.marketingConsent,
      actor: systemActor(props.merchantId, 'storefront'),
    })
    if (!enrollment.alreadyMember) {
      await trx('customers')
        .where('id', enrollment.customer.id)
        .update({ terms_accepted_at: trx.fn.now() })
      // One enrollment email per new member, recorded with the enrollment (not for a re-join).
      await queueEmail(trx, {
        template: 'enrollment',
        to: props.form.email,
        language: props.language,
        merchantId: props.merchantId,
        storeId: enrollment.store.id,
        variables: {
          customer_name: props.form.name,
          store_name: enrollment.store.name,
          card_number: enrollment.card.number,
          card_url: `${props.urls.absolute('home').replace(/\/$/, '')}${cardPath(enrollment.card.number)}`,
          account_url: props.urls.absolute('account'),
          welcome_bonus: enrollment.welcomeBonus,
          stamps: enrollment.programme.type === 'stamps',
        },
      })
    }
    return {
      alreadyMember: enrollment.alreadyMember,
      customerId: enrollment.customer.id,
      cardNumber: enrollment.card.number,
      welcomeBonus: enrollment.welcomeBonus,
    }
  })
