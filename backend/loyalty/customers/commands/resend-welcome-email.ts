import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { recordAudit } from '../../../audit/record-audit.ts'
import { inTransaction } from '../../../db/transaction.ts'
import { AppError } from '../../../errors.ts'
import { queueEnrollmentEmail } from '../../../email/triggers/enrollment-emails.ts'
import { authorizeOnMember } from '../../../policies/customers.ts'
import type { Principal } from '../../../policies/principal.ts'
import { actingOn } from '../../../policies/scope.ts'
import { findMember } from '../customer-queries.ts'

/**
 * Sends a member's welcome (enrollment) email again — card number and QR — through the email
 * outbox, with its audit row, in one transaction. Each resend is its own event (a new key): the
 * merchant asked for it. A member without an email (anonymized) has none to get:
 * CUSTOMER_NOT_FOUND.
 */
export const resendWelcomeEmail = async (
  db: Knex,
  props: { principal: Principal; number: string; requestId?: string | undefined },
) => {
  const { merchantId, actor } = actingOn(props.principal)
  const member = await findMember(db, merchantId, { number: props.number })
  authorizeOnMember(props.principal, 'customer.welcome.resend', member)
  return inTransaction(db, async (trx) => {
    const row = await trx('cards as c')
      .join('customers as cu', 'cu.id', 'c.customer_id')
      .join('programmes as p', 'p.id', 'c.programme_id')
      .join('merchants as m', 'm.id', 'c.merchant_id')
      .leftJoin('stores as s', 's.id', 'c.enrolled_store_id')
      .where('c.id', member.cardId)
      .first(
        'c.id',
        'c.number',
        'c.merchant_id',
        'cu.id as customer_id',
        'cu.email',
        'cu.name',
        'cu.preferred_language',
        'p.type',
        'p.welcome_bonus',
        's.id as store_id',
        's.name as store_name',
        'm.name as merchant_name',
      )
    if (!row?.email) throw new AppError('CUSTOMER_NOT_FOUND')
    const key = `enrollment_resend:${row.id}:${randomUUID()}`
    await queueEnrollmentEmail(trx, {
      card: { id: row.id, number: row.number, merchant_id: row.merchant_id },
      customer: {
        id: row.customer_id,
        email: row.email,
        name: row.name,
        preferred_language: row.preferred_language,
      },
      store: row.store_id ? { id: row.store_id, name: row.store_name } : null,
      storeName: row.store_name ?? row.merchant_name,
      programme: { type: row.type },
      welcomeBonus: row.welcome_bonus,
      idempotencyKey: key,
    })
    await recordAudit(trx, {
      actor,
      merchantId,
      action: 'customer.welcome.resend',
      subjectType: 'customer',
      subjectId: row.customer_id,
      data: { card_id: row.id, idempotency_key: key },
      requestId: props.requestId,
    })
    return { queued: true as const }
  })
}
