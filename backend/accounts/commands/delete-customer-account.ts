import { systemActor, type Actor } from '../../auth/actor.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { destroyAccountSessions } from '../session-store.ts'
import { refreshWalletPasses } from '../../wallet/refresh-passes.ts'

export type DeletedAccount = { cardIds: string[]; sessionsEnded: number }

/** Where an erased address stays as a placeholder (sent emails keep their row in the email log). */
export const ERASED_ADDRESS = 'erased@invalid'

/**
 * A member's account is erased (GDPR erasure) — by the member on the storefront, or by the
 * merchant ("anonymize") — in one transaction: the personal data is erased (email, name, phone,
 * birthday, password, language, consent) and the customer marked anonymized; every session and
 * password-reset link ends; the cards are blocked. Whatever else holds the person's data goes
 * too: emails not yet sent are deleted, sent ones keep their log row without the address, the
 * variables or the subject; the local mailbox's copies are deleted; the kiosks' enrollment
 * operations lose the contact fields; earlier addresses in the audit of contact changes are
 * redacted. The ledger is append-only and stays whole — balances keep matching it — but no
 * longer names anyone.
 */
export const deleteCustomerAccount = (
  db: Queryable,
  props: {
    merchantId: string
    customerId: string
    requestId?: string | undefined
    /** Who asked (default: the member, from the storefront). */
    actor?: Actor
    reason?: string | undefined
  },
): Promise<DeletedAccount> =>
  inTransaction(db, async (trx) => {
    // Customer before cards: the order enrollment locks them in.
    const customer = await trx('customers')
      .where({ id: props.customerId, merchant_id: props.merchantId })
      .whereNull('anonymized_at')
      .forUpdate()
      .first('id', 'email')
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND')
    const cards: {
      id: string
      number: string
      status: string
      points_balance: number
      stamps_balance: number
    }[] = await trx('cards')
      .where({ customer_id: props.customerId, merchant_id: props.merchantId })
      .orderBy('id')
      .forUpdate()
      .select('id', 'number', 'status', 'points_balance', 'stamps_balance')
    // Every address the member had: the current one and those the audit of contact changes kept.
    const audited: { before: string | null; after: string | null }[] = await trx('audit_log')
      .where({ merchant_id: props.merchantId, subject_type: 'customer', subject_id: customer.id })
      .select(
        trx.raw(`data->'before'->>'email' AS before`),
        trx.raw(`data->'after'->>'email' AS after`),
      )
    const addresses = [
      ...new Set(
        [customer.email, ...audited.flatMap((row) => [row.before, row.after])]
          .filter((address): address is string => typeof address === 'string')
          .map((address) => address.toLowerCase()),
      ),
    ]
    await eraseTraces(trx, {
      merchantId: props.merchantId,
      customerId: customer.id,
      addresses,
      cardNumbers: cards.map((card) => card.number),
    })
    if (cards.length > 0) {
      await trx('cards')
        .whereIn(
          'id',
          cards.map((card) => card.id),
        )
        .update({ status: 'blocked', updated_at: trx.fn.now() })
      // Its wallet passes expire (Google) or are voided on the phones (Apple), without the name.
      await refreshWalletPasses(
        trx,
        props.merchantId,
        cards.map((card) => card.id),
      )
    }
    await trx('customers')
      .where('id', props.customerId)
      .update({
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
        version: trx.raw('version + 1'),
        updated_at: trx.fn.now(),
      })
    const sessionsEnded = await destroyAccountSessions(trx, {
      audience: 'customer',
      id: props.customerId,
      merchantId: props.merchantId,
    })
    await trx('password_reset_tokens').where('customer_id', props.customerId).delete()
    await recordAudit(trx, {
      actor: props.actor ?? systemActor(props.merchantId, 'storefront'),
      merchantId: props.merchantId,
      action: 'customer.anonymized',
      subjectType: 'customer',
      subjectId: props.customerId,
      data: {
        requested_by: props.actor ? 'merchant' : 'customer',
        ...(props.reason ? { reason: props.reason } : {}),
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

/** The person's data outside their customer row (see deleteCustomerAccount). */
const eraseTraces = async (
  trx: Queryable,
  props: { merchantId: string; customerId: string; addresses: string[]; cardNumbers: string[] },
) => {
  const toThem = (q: ReturnType<typeof trx>) =>
    q.where('merchant_id', props.merchantId).where((w) => {
      void w.whereRaw('lower(to_address) = ANY(?::text[])', [props.addresses])
      if (props.cardNumbers.length)
        void w.orWhereRaw(`variables->>'card_number' = ANY(?::text[])`, [props.cardNumbers])
    })
  // Emails not yet sent to them are personal data too, and must not go out now.
  await toThem(trx('outbound_emails')).where('status', 'queued').delete()
  await toThem(trx('outbound_emails')).update({
    to_address: ERASED_ADDRESS,
    variables: trx.raw(`'{}'::jsonb`),
    subject: null,
    smtp_response: null,
    last_error: null,
    updated_at: trx.fn.now(),
  })
  if (props.addresses.length)
    await trx('mailbox_messages')
      .whereRaw('EXISTS (SELECT 1 FROM unnest(rcpt_to) AS r WHERE lower(r) = ANY(?::text[]))', [
        props.addresses,
      ])
      .delete()
  if (props.addresses.length)
    await trx('kiosk_operations')
      .where('type', 'enroll')
      .whereIn('kiosk_id', trx('kiosks').where('merchant_id', props.merchantId).select('id'))
      .whereRaw(`lower(payload->>'email') = ANY(?::text[])`, [props.addresses])
      .update({
        payload: trx.raw(
          `payload - 'email' - 'name' - 'phone' - 'birthday' || '{"erased": true}'::jsonb`,
        ),
      })
  // The audit of contact changes kept the before and after values: only the field names stay.
  await trx('audit_log')
    .where({
      merchant_id: props.merchantId,
      subject_type: 'customer',
      subject_id: props.customerId,
      action: 'customer.update',
    })
    .update({
      data: trx.raw(
        `jsonb_build_object('fields', (SELECT coalesce(jsonb_agg(k), '[]'::jsonb) FROM jsonb_object_keys(coalesce(data->'after', '{}'::jsonb)) AS k), 'erased', true)`,
      ),
    })
}
