import type { Knex } from 'knex'
import { isLanguage } from '../../../shared/languages.ts'
import { emailLanguage, queueEmailOnce } from '../queue-email.ts'

export type NewCard = {
  card: { id: string; number: string; merchant_id: string }
  customer: { id: string; email: string | null; name: string | null; preferred_language?: unknown }
  store: { id: string; name: string }
  programme: { type: 'points' | 'stamps' }
  welcomeBonus: number
}

/** The enrollment email of a card (its number and QR), under the event's key. */
export const queueEnrollmentEmail = async (
  trx: Knex.Transaction,
  props: Omit<NewCard, 'store'> & {
    store: NewCard['store'] | null
    /** The name the email greets from (the store's, else the merchant's). */
    storeName: string
    idempotencyKey: string
  },
) => {
  const { card, customer, programme } = props
  if (!customer.email) return
  const email = {
    to: customer.email,
    language: isLanguage(customer.preferred_language) ? customer.preferred_language : null,
    merchantId: card.merchant_id,
    storeId: props.store?.id ?? null,
  }
  await queueEmailOnce(
    trx,
    {
      ...email,
      template: 'enrollment',
      idempotencyKey: props.idempotencyKey,
      variables: {
        customer_name: customer.name ?? '',
        store_name: props.storeName,
        card_number: card.number,
        welcome_bonus: props.welcomeBonus,
        stamps: programme.type === 'stamps',
      },
    },
    await emailLanguage(trx, email),
  )
}

/**
 * The emails of a new card, queued in the enrollment's transaction whatever the surface
 * (storefront, kiosk sync, API): the enrollment email, and the welcome-bonus email when a bonus
 * was credited. Keyed by the card, so each goes out once per card; a re-enrollment ("already a
 * member") creates no card and so calls nothing. Links are built at send time (render-email.ts).
 */
export const queueEnrollmentEmails = async (trx: Knex.Transaction, enrolled: NewCard) => {
  const { card, customer, store, programme } = enrolled
  if (!customer.email) return
  await queueEnrollmentEmail(trx, {
    ...enrolled,
    storeName: store.name,
    idempotencyKey: `enrollment:${card.id}`,
  })
  if (enrolled.welcomeBonus > 0) {
    const email = {
      to: customer.email,
      language: isLanguage(customer.preferred_language) ? customer.preferred_language : null,
      merchantId: card.merchant_id,
      storeId: store.id,
    }
    await queueEmailOnce(
      trx,
      {
        ...email,
        template: 'welcome_bonus',
        idempotencyKey: `welcome_bonus:${card.id}`,
        variables: {
          customer_name: customer.name ?? '',
          store_name: store.name,
          welcome_bonus: enrolled.welcomeBonus,
          stamps: programme.type === 'stamps',
        },
      },
      await emailLanguage(trx, email),
    )
  }
}
