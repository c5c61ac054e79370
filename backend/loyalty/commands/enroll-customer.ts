import type { Knex } from 'knex'
import type { Queryable } from '../../db/transaction.ts'
import { inTransaction } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { AppError, isUniqueViolation } from '../../errors.ts'
import { Card, Programme } from '../models.ts'
import { Store } from '../../tenancy/models.ts'
import { Customer } from '../../accounts/models.ts'
import { appendEntry } from '../ledger.ts'
import { inSqlTransaction } from '../../db/sql-transaction.ts'
import { requestHash } from '../request-hash.ts'
import { queueEnrollmentEmails } from '../../email/triggers/enrollment-emails.ts'
import { queueWebhookEvent } from '../../webhooks/queue-webhooks.ts'
import { randomCardNumber } from '../../../shared/card-number.ts'
import type { Language } from '../../../shared/languages.ts'

export type EnrollCustomerProps = {
  merchantId: string
  storeCode: string
  clientId: string
  email: string
  name: string
  phone?: string | undefined
  birthday?: string | undefined
  preferredLanguage?: Language | undefined
  marketingConsent?: boolean | undefined
  /** When the enrollment happened (imports, offline kiosks); defaults to the database's now(). */
  occurredAt?: Date | undefined
  /** A number reserved for the enrolling kiosk (offline enrollment); else a new random one. */
  cardNumber?: string | undefined
  deviceId?: string | undefined
  /** False for imports and seeds: the new card gets no enrollment or welcome-bonus email. */
  sendEmails?: boolean | undefined
  actor: Actor
}

export type Enrollment = {
  card: Card
  customer: Customer
  programme: Programme
  store: Store
  alreadyMember: boolean
  duplicate: boolean
  welcomeBonus: number
}

const ENROLL_CLIENT_CONSTRAINT = 'cards_merchant_id_enroll_client_id_unique'

/**
 * Joins a customer to the merchant's live programme. Idempotent per (customer, merchant):
 * enrolling an existing customer at any store of the merchant returns the existing card with
 * `alreadyMember`, no second welcome bonus; replaying the client id returns the first result.
 */
export const enrollCustomer = async (
  db: Queryable,
  props: EnrollCustomerProps,
): Promise<Enrollment> => {
  const email = props.email.trim()
  const hash = requestHash('enroll', {
    store: props.storeCode,
    email: email.toLowerCase(),
    name: props.name,
    phone: props.phone,
    birthday: props.birthday,
    preferred_language: props.preferredLanguage,
    marketing_consent: props.marketingConsent ?? false,
    occurred_at: props.occurredAt,
    card_number: props.cardNumber,
  })
  try {
    return await inTransaction(db, (trx) => enroll(trx, props, email, hash))
  } catch (error) {
    if (!db.isTransaction && isUniqueViolation(error, ENROLL_CLIENT_CONSTRAINT)) {
      const replayed = await replayEnrollment(db, props, hash)
      if (replayed) return replayed
    }
    throw error
  }
}

const enroll = async (
  trx: Knex.Transaction,
  props: EnrollCustomerProps,
  email: string,
  hash: string,
): Promise<Enrollment> => {
  const replayed = await replayEnrollment(trx, props, hash)
  if (replayed) return replayed

  const store = await Store.query(trx).findOne({
    merchant_id: props.merchantId,
    code: props.storeCode,
    active: true,
  })
  if (!store) throw new AppError('STORE_NOT_FOUND')
  const programme = await Programme.query(trx).findOne({
    merchant_id: props.merchantId,
    status: 'active',
  })
  if (!programme) throw new AppError('PROGRAM_INACTIVE')

  // Insert-or-find under the (merchant, lower(email)) unique index: a concurrent enrollment of
  // the same person waits here for the other transaction and then finds its customer.
  const inserted = await trx.raw<{ rows: Customer[] }>(
    `INSERT INTO customers (merchant_id, email, name, phone, birthday, preferred_language, marketing_consent, marketing_consent_at)
     VALUES (:merchantId, :email, :name, :phone, :birthday, :language, :consent, CASE WHEN :consent THEN now() END)
     ON CONFLICT (merchant_id, lower(email)) DO NOTHING RETURNING *`,
    {
      merchantId: props.merchantId,
      email,
      name: props.name,
      phone: props.phone ?? null,
      birthday: props.birthday ?? null,
      language: props.preferredLanguage ?? store.default_language,
      consent: props.marketingConsent ?? false,
    },
  )
  const customer =
    inserted.rows[0] ??
    (await trx('customers')
      .where({ merchant_id: props.merchantId })
      .whereRaw('lower(email) = lower(?)', [email])
      .forUpdate()
      .first())
  if (!customer) throw new AppError('CUSTOMER_NOT_FOUND')

  const existing = await Card.query(trx).findOne({
    customer_id: customer.id,
    merchant_id: props.merchantId,
  })
  if (existing) {
    // A kiosk's reserved number used for someone already a member is spent: the kiosk's later
    // operations on it are sent to the member's card (kiosks/apply-operation.ts).
    if (props.cardNumber) {
      await trx('card_number_reservations')
        .where({ number: props.cardNumber, merchant_id: props.merchantId })
        .whereNull('used_at')
        .update({ used_at: trx.fn.now() })
    }
    return {
      card: existing,
      customer,
      programme,
      store,
      alreadyMember: true,
      duplicate: false,
      welcomeBonus: 0,
    }
  }

  const card = await insertCard(trx, props.cardNumber ?? null, {
    merchant_id: props.merchantId,
    customer_id: customer.id,
    programme_id: programme.id,
    enrolled_store_id: store.id,
    enroll_client_id: props.clientId,
    enroll_request_hash: hash,
  })

  const bonus = programme.welcome_bonus
  if (bonus > 0) {
    const [now] = (await trx.raw<{ rows: { now: Date }[] }>('SELECT now()')).rows
    await inSqlTransaction(trx, (tx) =>
      appendEntry(
        tx,
        {
          card,
          programme,
          store,
          now: now!.now,
          at: props.occurredAt ?? now!.now,
          pointsToday: 0,
          stampsToday: 0,
        },
        {
          type: 'welcome_bonus',
          pointsDelta: programme.type === 'points' ? bonus : 0,
          stampsDelta: programme.type === 'stamps' ? bonus : 0,
          isActivity: true,
        },
        {
          clientId: props.clientId,
          requestHash: hash,
          actor: props.actor,
          deviceId: props.deviceId ?? null,
          staffId: null,
        },
      ),
    )
  }
  // The enrollment and welcome-bonus emails, in this transaction: they exist exactly when the
  // new card does (kiosk, API and storefront alike).
  if (props.sendEmails !== false)
    await queueEnrollmentEmails(trx, { card, customer, store, programme, welcomeBonus: bonus })
  await queueWebhookEvent(trx, {
    merchantId: props.merchantId,
    event: 'card.enrolled',
    data: {
      card_id: card.id,
      card_number: card.number,
      customer_id: customer.id,
      programme_id: programme.id,
      store_id: store.id,
      store_code: store.code,
      welcome_bonus: bonus,
    },
  })
  const fresh = await Card.query(trx).findById(card.id)
  return {
    card: fresh ?? card,
    customer,
    programme,
    store,
    alreadyMember: false,
    duplicate: false,
    welcomeBonus: bonus,
  }
}

/**
 * The card row, with the kiosk's reserved number or a random one nobody has (not a card, not
 * reserved for a kiosk), retried on the rare collision.
 */
const insertCard = async (
  trx: Knex.Transaction,
  reserved: string | null,
  values: Partial<Card>,
): Promise<Card> => {
  for (let attempt = 0; attempt < 5; attempt++) {
    const number = reserved ?? randomCardNumber()
    const { rows } = await trx.raw<{ rows: Card[] }>(
      `INSERT INTO cards (number, merchant_id, customer_id, programme_id, enrolled_store_id, enroll_client_id, enroll_request_hash)
       SELECT :number, :merchant_id, :customer_id, :programme_id, :enrolled_store_id, :enroll_client_id, :enroll_request_hash
        WHERE :reserved OR NOT EXISTS (SELECT 1 FROM card_number_reservations WHERE number = :number)
       ON CONFLICT (number, merchant_id) DO NOTHING RETURNING *`,
      { number, reserved: reserved !== null, ...values },
    )
    if (rows[0]) {
      if (reserved) {
        await trx('card_number_reservations')
          .where('number', reserved)
          .update({ used_at: trx.fn.now() })
      }
      return Card.fromDatabaseJson(rows[0])
    }
    if (reserved) throw new AppError('CARD_NUMBER_NOT_RESERVED')
  }
  throw new Error('could not allocate a unique card number')
}

const replayEnrollment = async (
  db: Queryable,
  props: EnrollCustomerProps,
  hash: string,
): Promise<Enrollment | null> => {
  const card = await Card.query(db).findOne({
    merchant_id: props.merchantId,
    enroll_client_id: props.clientId,
  })
  if (!card) return null
  if (card.enroll_request_hash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT')
  // One after another: `db` may be a transaction, which runs one query at a time.
  const customer = await Customer.query(db).findById(card.customer_id)
  const programme = await Programme.query(db).findById(card.programme_id)
  const store = card.enrolled_store_id
    ? await Store.query(db).findById(card.enrolled_store_id)
    : undefined
  const bonus = await db('ledger_entries')
    .where({ card_id: card.id, type: 'welcome_bonus' })
    .first('points_delta', 'stamps_delta')
  if (!customer || !programme || !store) throw new AppError('CARD_NOT_FOUND')
  return {
    card,
    customer,
    programme,
    store,
    alreadyMember: false,
    duplicate: true,
    welcomeBonus: bonus ? (bonus.points_delta as number) + (bonus.stamps_delta as number) : 0,
  }
}
