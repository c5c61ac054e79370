import type { Knex } from 'knex'
import { AppError } from '../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { requestHash } from '../loyalty/request-hash.ts'
import { earnPoints } from '../loyalty/commands/earn-points.ts'
import { addStamps } from '../loyalty/commands/add-stamps.ts'
import { redeemReward } from '../loyalty/commands/redeem-reward.ts'
import { reverseEntry } from '../loyalty/commands/reverse-entry.ts'
import { enrollCustomer } from '../loyalty/commands/enroll-customer.ts'
import { recordPinFailure } from './commands/staff.ts'
import type { KioskOperation, OperationResult } from '../../shared/schemas/kiosk-api.ts'

export type KioskContext = {
  kioskId: string
  merchantId: string
  storeId: string
  storeCode: string
  actor: Extract<Actor, { type: 'kiosk' }>
}

/** Refusals of an operation the kiosk already applied offline go to merchant review. */
const REVIEWABLE: ReadonlySet<KioskOperation['type']> = new Set([
  'enroll',
  'earn',
  'stamp',
  'redeem',
  'reverse',
])

type Recorded = Pick<OperationResult, 'outcome' | 'result' | 'error'>

/**
 * Applies one kiosk operation through the same ledger commands as the API (same rules, same row
 * locks), and keeps the answer per (kiosk, client id): a resend gets the first answer as
 * `duplicate`. An operation decided offline that the server refuses is kept for review with its
 * reason, never dropped; the balance is left as the ledger allows (never below zero).
 */
export const applyOperation = async (
  db: Knex,
  kiosk: KioskContext,
  op: KioskOperation,
  occurredAt: Date,
): Promise<OperationResult> => {
  // decided_offline is left out: a kiosk that got no answer resends the same operation marked
  // as decided offline; if the first send had arrived, its answer stands (duplicate).
  const hash = requestHash(`kiosk:${op.type}`, { ...op.payload, occurred_at: op.occurred_at })
  const known = await db('kiosk_operations')
    .where({ kiosk_id: kiosk.kioskId, client_id: op.client_id })
    .first()
  if (known) {
    if (known.request_hash !== hash) {
      return {
        client_id: op.client_id,
        outcome: 'rejected',
        result: null,
        error: { code: 'IDEMPOTENCY_CONFLICT', details: {} },
      }
    }
    return {
      client_id: op.client_id,
      outcome: 'duplicate',
      result: known.result,
      error: known.error,
    }
  }

  let recorded: Recorded
  try {
    const result = await executeWithAlias(db, kiosk, op, occurredAt)
    recorded = { outcome: 'applied', result, error: null }
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    const reason = { code: error.code, details: error.details as Record<string, unknown> }
    recorded =
      op.decided_offline && REVIEWABLE.has(op.type)
        ? { outcome: 'review', result: null, error: reason }
        : { outcome: 'rejected', result: null, error: reason }
  }
  const inserted = await db('kiosk_operations')
    .insert({
      kiosk_id: kiosk.kioskId,
      client_id: op.client_id,
      type: op.type,
      request_hash: hash,
      payload: JSON.stringify(op),
      outcome: recorded.outcome,
      result: recorded.result === null ? null : JSON.stringify(recorded.result),
      error: recorded.error === null ? null : JSON.stringify(recorded.error),
      occurred_at: occurredAt,
    })
    .onConflict(['kiosk_id', 'client_id'])
    .ignore()
    .returning('client_id')
  if (inserted.length === 0) {
    // The same operation arrived twice at once (two syncs racing): report the first answer.
    const first = await db('kiosk_operations')
      .where({ kiosk_id: kiosk.kioskId, client_id: op.client_id })
      .first()
    return {
      client_id: op.client_id,
      outcome: 'duplicate',
      result: first.result,
      error: first.error,
    }
  }
  return { client_id: op.client_id, ...recorded }
}

/**
 * A card number reserved by a kiosk that enrolled offline someone who turned out to be a member
 * already: the kiosk's later operations on that number go to the member's card.
 */
const aliasedCardNumber = async (db: Knex, merchantId: string, number: string) => {
  const row = await db('card_number_reservations as r')
    .join('kiosk_operations as o', 'o.kiosk_id', 'r.kiosk_id')
    .where({ 'r.number': number, 'r.merchant_id': merchantId, 'o.type': 'enroll' })
    .whereNotNull('r.used_at')
    .whereRaw(`o.payload->'payload'->>'card_number' = r.number`)
    .whereRaw(`o.result->>'card_number' <> r.number`)
    .first(db.raw(`o.result->>'card_number' AS card_number`))
  return (row?.card_number as string | undefined) ?? null
}

const executeWithAlias = async (
  db: Knex,
  kiosk: KioskContext,
  op: KioskOperation,
  occurredAt: Date,
): Promise<Record<string, unknown>> => {
  try {
    return await execute(db, kiosk, op, occurredAt)
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CARD_NOT_FOUND') throw error
    if (op.type !== 'earn' && op.type !== 'stamp' && op.type !== 'redeem') throw error
    const alias = await aliasedCardNumber(db, kiosk.merchantId, op.payload.card_number)
    if (!alias) throw error
    const remapped = { ...op, payload: { ...op.payload, card_number: alias } } as KioskOperation
    return {
      ...(await execute(db, kiosk, remapped, occurredAt)),
      remapped_from: op.payload.card_number,
    }
  }
}

const execute = async (
  db: Knex,
  kiosk: KioskContext,
  op: KioskOperation,
  occurredAt: Date,
): Promise<Record<string, unknown>> => {
  const movement = {
    merchantId: kiosk.merchantId,
    storeCode: kiosk.storeCode,
    clientId: op.client_id,
    occurredAt,
    staffId: op.staff_id ?? undefined,
    deviceId: kiosk.kioskId,
    actor: kiosk.actor,
  }
  switch (op.type) {
    case 'earn':
      return earnPoints(db, {
        ...movement,
        cardNumber: op.payload.card_number,
        amountCents: op.payload.amount_cents,
        categoryId: op.payload.category_id,
      })
    case 'stamp':
      return addStamps(db, {
        ...movement,
        cardNumber: op.payload.card_number,
        count: op.payload.count,
        categoryId: op.payload.category_id,
      })
    case 'redeem':
      return redeemReward(db, {
        ...movement,
        cardNumber: op.payload.card_number,
        rewardId: op.payload.reward_id,
      })
    case 'reverse': {
      const target = await db('ledger_entries')
        .where({ merchant_id: kiosk.merchantId, client_id: op.payload.target_client_id })
        .first('id')
      if (!target) throw new AppError('ENTRY_NOT_FOUND')
      return reverseEntry(db, { ...movement, entryId: target.id, reason: op.payload.reason })
    }
    case 'enroll': {
      const reserved = await db('card_number_reservations')
        .where({ number: op.payload.card_number, kiosk_id: kiosk.kioskId })
        .first('number')
      if (!reserved) throw new AppError('CARD_NUMBER_NOT_RESERVED')
      const enrollment = await enrollCustomer(db, {
        ...movement,
        cardNumber: op.payload.card_number,
        email: op.payload.email,
        name: op.payload.name,
        phone: op.payload.phone,
        birthday: op.payload.birthday,
        preferredLanguage: op.payload.preferred_language,
        marketingConsent: op.payload.marketing_consent,
      })
      return {
        card_number: enrollment.card.number,
        already_member: enrollment.alreadyMember,
        welcome_bonus: enrollment.welcomeBonus,
        points_balance: enrollment.card.points_balance,
        stamps_balance: enrollment.card.stamps_balance,
      }
    }
    case 'pin_failed':
      return recordPinFailure(db, {
        merchantId: kiosk.merchantId,
        kioskId: kiosk.kioskId,
        staffId: op.staff_id,
        at: occurredAt,
        consecutive: op.payload.consecutive_failures,
      })
    case 'heartbeat':
      return {}
  }
}
