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

/**
 * The emails of a new card, queued in the enrollment's transaction whatever the surface
 * (storefront, kiosk sync, API): the enrollment email, and the welcome-bonus email when a bonus
 * was credited. Keyed by the card, so each goes out once per card; a re-enrollment ("already a
 * member") creates no card and so calls nothing. Links are built at send time (render-email.ts).
 */
export const queueEnrollmentEmails = async (trx: Knex.Transaction, enrolled: NewCard) => {
  const { card, customer, store, programme } = enrolled
  if (!customer.email) return
  const email = {
    to: customer.email,
    language: isLanguage(customer.preferred_language) ? customer.preferred_language : null,
    merchantId: card.merchant_id,
    storeId: store.id,
  }
  const language = await emailLanguage(trx, email)
  const stamps = programme.type === 'stamps'
  const customerName = customer.name ?? ''
  await queueEmailOnce(
    trx,
    {
      ...email,
      template: 'enrollment',
      idempotencyKey: `enrollment:${card.id}`,
      variables: {
        customer_name: customerName,
        store_name: store.name,
        card_number: card.number,
        welcome_bonus: enrolled.welcomeBonus,
        stamps,
      },
    },
    language,
  )
  if (enrolled.welcomeBonus > 0)
    await queueEmailOnce(
      trx,
      {
        ...email,
        template: 'welcome_bonus',
        idempotencyKey: `welcome_bonus:${card.id}`,
        variables: {
          customer_name: customerName,
          store_name: store.name,
          welcome_bonus: enrolled.welcomeBonus,
          stamps,
        },
      },
      language,
    )
}
