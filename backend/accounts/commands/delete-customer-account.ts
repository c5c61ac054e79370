import { systemActor } from '../../auth/actor.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { destroyAccountSessions } from '../session-store.ts'

export type DeletedAccount = { cardIds: string[]; sessionsEnded: number }

/**
 * A member deletes their account (GDPR erasure), in one transaction: the personal data is
 * erased (email, name, phone, birthday, password, language, consent) and the customer marked
 * anonymized; every session and password-reset link ends; the cards are blocked. The ledger is
 * append-only and stays whole — balances keep matching it — but no longer names anyone.
 */
export const deleteCustomerAccount = (
  db: Queryable,
  props: { merchantId: string; customerId: string; requestId?: string },
): Promise<DeletedAccount> =>
  inTransaction(db, async (trx) => {
    // Customer before cards: the order enrollment locks them in.
    const customer = await trx('customers')
      .where({ id: props.customerId, merchant_id: props.merchantId })
      .whereNull('anonymized_at')
      .forUpdate()
      .first('id', 'email')
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND')
    // Emails not yet sent to the address are personal data too, and must not go out now.
    await trx('outbound_emails')
      .where({ merchant_id: props.merchantId, status: 'queued' })
      .whereRaw('lower(to_address) = lower(?)', [customer.email])
      .delete()
    const cards: { id: string; status: string; points_balance: number; stamps_balance: number }[] =
      await trx('cards')
        .where({ customer_id: props.customerId, merchant_id: props.merchantId })
        .orderBy('id')
        .forUpdate()
        .select('id', 'status', 'points_balance', 'stamps_balance')
    if (cards.length > 0) {
      await trx('cards')
        .whereIn(
          'id',
          cards.map((card) => card.id),
        )
        .update({ status: 'blocked', updated_at: trx.fn.now() })
    }
    await trx('customers').where('id', props.customerId).update({
      email: null,
      name: null,
      phone: null,
      birthday: null,
      preferred_language: null,
      marketing_consent: false,
      marketing_consent_at: null,
      password_hash: null,
      password_set_at: null,
      anonymized_at: trx.fn.now(),
      updated_at: trx.fn.now(),
    })
    const sessionsEnded = await destroyAccountSessions(trx, {
      audience: 'customer',
      id: props.customerId,
      merchantId: props.merchantId,
    })
    await trx('password_reset_tokens').where('customer_id', props.customerId).delete()
    await recordAudit(trx, {
      actor: systemActor(props.merchantId, 'storefront'),
      merchantId: props.merchantId,
      action: 'customer.anonymized',
      subjectType: 'customer',
      subjectId: props.customerId,
      data: {
        requested_by: 'customer',
        cards: cards.map((card) => ({
          id: card.id,
          status_before: card.status,
          points_balance: card.points_balance,
          stamps_balance: card.stamps_balance,
        })),
        sessions_ended: sessionsEnded,
      },
      requestId: props.requestId,
    })
    return { cardIds: cards.map((card) => card.id), sessionsEnded }
  })
