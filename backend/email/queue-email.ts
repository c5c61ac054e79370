import type { Knex } from 'knex'
import type { Language } from '../../shared/languages.ts'

/** The variables each email template is rendered with (template code → variables). */
export type EmailVariables = {
  password_reset: { reset_url: string; store_name: string; customer_name: string }
  enrollment: {
    customer_name: string
    store_name: string
    card_number: string
    /** The card's QR payload (its URL on the store's site); the email shows it as an image. */
    card_url: string
    account_url: string
    welcome_bonus: number
  }
}

export type EmailTemplate = keyof EmailVariables

export type QueuedEmail<T extends EmailTemplate> = {
  template: T
  to: string
  /** The recipient's language: the email is rendered in it (SPEC "Lessons" 9). */
  language: Language
  variables: EmailVariables[T]
  /** Whose branding applies; null for platform mail. */
  merchantId: string | null
  storeId: string | null
}

/**
 * Records an outgoing email in `outbound_emails` (status `queued`) inside the transaction of the
 * change that causes it: if that change rolls back, no email is left behind, and if it commits
 * the email cannot be lost. Nothing is sent here — the email issue adds the sending job that
 * reads this table (queued → sent / failed), renders the template and delivers it.
 */
export const queueEmail = async <T extends EmailTemplate>(
  trx: Knex.Transaction,
  email: QueuedEmail<T>,
): Promise<{ id: string }> => {
  const [row] = await trx('outbound_emails')
    .insert({
      merchant_id: email.merchantId,
      store_id: email.storeId,
      template: email.template,
      to_address: email.to,
      language: email.language,
      variables: JSON.stringify(email.variables),
    })
    .returning('id')
  return { id: row.id }
}
