import type { Knex } from 'knex'
import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { isLanguage } from '../../../shared/languages.ts'
import { queueEmail, type EmailTemplate, type EmailVariables } from '../queue-email.ts'
import { isEmailTemplate } from '../template-variables.ts'

type OutboundRow = {
  id: string
  template: string
  to_address: string
  language: string
  variables: Record<string, unknown>
  merchant_id: string | null
  store_id: string | null
}

/**
 * Sends an email again: a new logical email (a new `outbound_emails` row, status `queued`) with
 * the same template, recipient, language, variables, merchant and store, and its `email:send`
 * job, in one transaction. Returns null when there is no email with that id.
 */
export const resendEmail = async (
  db: Queryable,
  props: { outboundEmailId: string },
): Promise<{ id: string } | null> =>
  inTransaction(db, async (trx: Knex.Transaction) => {
    const row: OutboundRow | undefined = await trx('outbound_emails')
      .where('id', props.outboundEmailId)
      .first('id', 'template', 'to_address', 'language', 'variables', 'merchant_id', 'store_id')
    if (!row || !isEmailTemplate(row.template)) return null
    const template: EmailTemplate = row.template
    return queueEmail(trx, {
      template,
      to: row.to_address,
      language: isLanguage(row.language) ? row.language : null,
      // The variables were checked against the template's type when the email was first queued.
      variables: row.variables as EmailVariables[EmailTemplate],
      merchantId: row.merchant_id,
      storeId: row.store_id,
    })
  })
