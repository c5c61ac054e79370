import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import { AppError } from '../errors.ts'
import type { Actor } from '../auth/actor.ts'
import { requestHash } from '../loyalty/request-hash.ts'
import type { HeldCards } from '../loyalty/ledger.ts'
import { earnPoints } from '../loyalty/commands/earn-points.ts'
import { addStamps } from '../loyalty/commands/add-stamps.ts'
import { redeemReward } from '../loyalty/commands/redeem-reward.ts'
import { reverseEntry } from '../loyalty/commands/reverse-entry.ts'
import { enrollCustomer } from '../loyalty/commands/enroll-customer.ts'
import { recordPinFailure } from './commands/record-pin-failure.ts'
import { recordPinSuccess } from './commands/record-pin-success.ts'
import type { z } from 'zod'
import type { KioskOperation } from '../../shared/schemas/kiosk-api.ts'
import { queueWebhookEvent } from '../webhooks/queue-webhooks.ts'
import type { AnsweredOperation, OperationResult } from '../../shared/schemas/kiosk-answers.ts'

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

/**
 * Movements without an `after` step refuse (AppError) before their only write, the ledger entry
 * (loyalty/ledger.ts recordMovement): they need no savepoint, the hot path of a drain.
 */
const WRITES_ONLY_WHEN_APPLIED: ReadonlySet<KioskOperation['type']> = new Set([
  'earn',
  'stamp',
  'redeem',
])

/** The answer to one operation, as the kiosk parses it (shared/schemas/kiosk-answers.ts). */
export type OperationAnswer = z.input<typeof OperationResult>

type Recorded = Pick<OperationAnswer, 'outcome' | 'error'> & { answer: AnsweredOperation }
type KnownRow = Recorded & { client_id: string; request_hash: string }
/** A kiosk_operations row as selected (jsonb result and error already parsed by pg). */
type KnownRowColumns = Pick<KnownRow, 'client_id' | 'request_hash' | 'outcome' | 'error'> &
  AnsweredOperation

export type TimedOperation = { op: KioskOperation; occurredAt: Date }

/** Whose operation runs: a kiosk syncing, or the merchant applying one from review. */
type ExecutionContext = Omit<KioskContext, 'actor'> & { actor: Actor }

/** How an operation runs: from review, a redemption short of its cost is written off. */
type ExecutionOptions = { writeOffShortfall?: boolean }

// decided_offline is left out: a kiosk that got no answer resends the same operation marked as
// decided offline; if the first send had arrived, its answer stands (duplicate).
const hashOf = (op: KioskOperation) =>
  requestHash(`kiosk:${op.type}`, { ...op.payload, occurred_at: op.occurred_at })

const answerFromKnown = (op: KioskOperation, known: KnownRow): OperationAnswer =>
  known.request_hash !== hashOf(op)
    ? {
        client_id: op.client_id,
        type: op.type,
        outcome: 'rejected',
        result: null,
        error: { code: 'IDEMPOTENCY_CONFLICT', details: {} },
      }
    : { client_id: op.client_id, outcome: 'duplicate', error: known.error, ...known.answer }

/** The answer the kiosk gets now for an operation recorded in this lane. */
const answerOf = (clientId: string, recorded: Recorded): OperationAnswer => ({
  client_id: clientId,
  outcome: recorded.outcome,
  error: recorded.error,
  ...recorded.answer,
})

/** How many lanes of one batch run at once, each on its own connection. */
export const SYNC_LANES = 6

type Lane = { key: string; items: { index: number; item: TimedOperation }[] }

const cardNumberOf = (op: KioskOperation): string | null =>
  'card_number' in op.payload ? op.payload.card_number : null

/** The card numbers of the merchant's members with these email addresses (case-insensitive). */
const memberCardsOf = async (db: Knex, merchantId: string, emails: string[]): Promise<string[]> => {
  if (emails.length === 0) return []
  const rows = await db('customers as cu')
    .join('cards as c', 'c.customer_id', 'cu.id')
    .where('cu.merchant_id', merchantId)
    .where('c.merchant_id', merchantId)
    .whereRaw('lower(cu.email) = ANY(?::text[])', [emails.map((email) => email.toLowerCase())])
    .select<{ number: string }[]>('c.number')
  return rows.map((row) => row.number)
}

/**
 * Splits a batch into lanes that touch disjoint cards: operations on one card stay in one lane,
 * in the kiosk's order; enrollments and everything on the numbers they create share a lane;
 * a reversal goes to its target's card; PIN reports and heartbeats share one.
 */
const lanesOf = async (
  db: Knex,
  kiosk: KioskContext,
  fresh: { index: number; item: TimedOperation }[],
): Promise<Lane[]> => {
  const enrollments = fresh.flatMap(({ item }) => (item.op.type === 'enroll' ? [item.op] : []))
  const enrolled = new Set(enrollments.map((op) => op.payload.card_number))
  // An enrollment of someone already a member answers with (and may lock) the member's card:
  // operations on that card join the enrollments' lane, or two lanes would lock it (deadlock).
  for (const number of await memberCardsOf(
    db,
    kiosk.merchantId,
    enrollments.map((op) => op.payload.email),
  ))
    enrolled.add(number)
  const laneOfClient = new Map<string, string>()
  const targets = fresh.flatMap(({ item }) =>
    item.op.type === 'reverse' ? [item.op.payload.target_client_id] : [],
  )
  const targetCards = new Map<string, string>(
    targets.length === 0
      ? []
      : (
          await db('ledger_entries as e')
            .join('cards as c', 'c.id', 'e.card_id')
            .where('e.merchant_id', kiosk.merchantId)
            .whereIn('e.client_id', targets)
            .select('e.client_id', 'c.number')
        ).map((row: { client_id: string; number: string }) => [row.client_id, row.number]),
  )
  const lanes = new Map<string, Lane>()
  for (const entry of fresh) {
    const { op } = entry.item
    const number = cardNumberOf(op)
    let key: string
    if (op.type === 'enroll' || (number && enrolled.has(number))) key = 'enrollments'
    else if (number) key = `card:${number}`
    else if (op.type === 'reverse')
      key =
        laneOfClient.get(op.payload.target_client_id) ??
        (targetCards.has(op.payload.target_client_id)
          ? `card:${targetCards.get(op.payload.target_client_id)}`
          : 'other')
    else key = 'other'
    laneOfClient.set(op.client_id, key)
    const lane = lanes.get(key) ?? { key, items: [] }
    lane.items.push(entry)
    lanes.set(key, lane)
  }
  return [...lanes.values()]
}

/**
 * Fewer transactions (one commit each): the card lanes, in card-number order, are cut into
 * SYNC_LANES runs of about equal size, each one transaction that locks its cards in ascending
 * order — so two kiosks syncing the same cards never wait on each other in a cycle. Lanes that
 * lock other rows (enrollments, PIN reports) stay transactions of their own.
 */
const groupLanes = (lanes: Lane[]): Lane[] => {
  const cards = lanes
    .filter((l) => l.key.startsWith('card:'))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
  const others = lanes.filter((l) => !l.key.startsWith('card:'))
  const total = cards.reduce((sum, l) => sum + l.items.length, 0)
  const target = Math.ceil(total / SYNC_LANES)
  const groups: Lane[] = []
  let current: Lane | null = null
  for (const lane of cards) {
    if (!current || current.items.length >= target) {
      current = { key: lane.key, items: [] }
      groups.push(current)
    }
    current.items.push(...lane.items)
  }
  return [...others, ...groups]
}

/**
 * Applies a batch of kiosk operations through the same ledger commands as the API (same rules,
 * same row locks), and keeps the answer per (kiosk, client id): a resend gets the first answer
 * as `duplicate`. An operation decided offline that the server refuses is kept for review with
 * its reason, never dropped; the balance is left as the ledger allows (never below zero).
 *
 * Operations on different cards do not depend on each other: the batch runs in lanes (one per
 * card; see lanesOf), up to SYNC_LANES at once on their own connections. Each lane is one
 * transaction — its operations in the kiosk's order, each in a savepoint when it could write
 * before refusing, its answers recorded with it — so a lane is applied whole or not at all, and
 * a crash leaves the rest for the resend.
 */
export const applyOperations = async (
  db: Knex,
  kiosk: KioskContext,
  batch: readonly TimedOperation[],
): Promise<OperationAnswer[]> => {
  if (batch.length === 0) return []
  const known = new Map<string, KnownRow>(
    (
      await db('kiosk_operations')
        .where('kiosk_id', kiosk.kioskId)
        .whereIn(
          'client_id',
          batch.map((b) => b.op.client_id),
        )
        .select('client_id', 'request_hash', 'outcome', 'type', 'result', 'error')
    ).map(({ client_id, request_hash, outcome, error, ...answer }: KnownRowColumns) => [
      client_id,
      // The stored result was recorded for this type (the request hash covers the type).
      { client_id, request_hash, outcome, error, answer } satisfies KnownRow,
    ]),
  )
  const results: (OperationAnswer | null)[] = batch.map(({ op }) => {
    const first = known.get(op.client_id)
    return first ? answerFromKnown(op, first) : null
  })
  // A client id twice in one batch: the first occurrence is applied, the others answer after.
  const seen = new Set<string>()
  const fresh = batch.flatMap((item, index) => {
    if (results[index] || seen.has(item.op.client_id)) return []
    seen.add(item.op.client_id)
    return [{ index, item }]
  })
  const lanes = groupLanes(await lanesOf(db, kiosk, fresh))
  const recorded = new Map<string, KnownRow>()
  let next = 0
  const worker = async () => {
    while (next < lanes.length) {
      const lane = lanes[next++]!
      const answers = await applyLane(db, kiosk, lane)
      for (const [i, answer] of answers.entries()) {
        const { index, item } = lane.items[i]!
        results[index] = answer.result
        recorded.set(item.op.client_id, answer.row)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(SYNC_LANES, lanes.length) }, worker))
  return batch.map(({ op }, index) => {
    const result = results[index]
    if (result) return result
    return answerFromKnown(op, recorded.get(op.client_id)!)
  })
}

/** One lane (or run of lanes) in one transaction: in order, with their answers recorded. */
const applyLane = (db: Knex, kiosk: KioskContext, lane: Lane) =>
  db.transaction(async (trx) => {
    const answers: { result: OperationAnswer; row: KnownRow }[] = []
    const rows: Record<string, unknown>[] = []
    // Numbers remapped by enrollments earlier in this lane (not yet in kiosk_operations).
    const aliases = new Map<string, string>()
    // Cards this transaction has locked: later operations on them skip the lock and day sum.
    const held: HeldCards = new Map()
    for (const { item } of lane.items) {
      const { op, occurredAt } = item
      let recorded: Recorded
      const savepoint = !WRITES_ONLY_WHEN_APPLIED.has(op.type)
      // Anything but a plain movement (a reversal, an enrollment) may change a held card in
      // ways the cache does not follow: the next movement locks afresh.
      if (savepoint) held.clear()
      if (savepoint) await trx.raw('SAVEPOINT kiosk_operation')
      try {
        const answer = await executeWithAlias(trx, kiosk, op, occurredAt, aliases, held)
        if (savepoint) await trx.raw('RELEASE SAVEPOINT kiosk_operation')
        if (
          op.type === 'enroll' &&
          answer.type === 'enroll' &&
          answer.result &&
          answer.result.card_number !== op.payload.card_number
        )
          aliases.set(op.payload.card_number, answer.result.card_number)
        recorded = { outcome: 'applied', answer, error: null }
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        if (savepoint) await trx.raw('ROLLBACK TO SAVEPOINT kiosk_operation')
        const reason = { code: error.code, details: error.details as Record<string, unknown> }
        const refused = { type: op.type, result: null }
        recorded =
          op.decided_offline && REVIEWABLE.has(op.type)
            ? { outcome: 'review', answer: refused, error: reason }
            : { outcome: 'rejected', answer: refused, error: reason }
      }
      const hash = hashOf(op)
      rows.push({
        merchant_id: kiosk.merchantId,
        kiosk_id: kiosk.kioskId,
        client_id: op.client_id,
        type: op.type,
        request_hash: hash,
        payload: JSON.stringify(op),
        outcome: recorded.outcome,
        result: recorded.answer.result === null ? null : JSON.stringify(recorded.answer.result),
        error: recorded.error === null ? null : JSON.stringify(recorded.error),
        occurred_at: occurredAt,
        // The item the merchant decides (client ids are only unique per kiosk).
        review_id: recorded.outcome === 'review' ? randomUUID() : null,
      })
      answers.push({
        result: answerOf(op.client_id, recorded),
        row: { client_id: op.client_id, request_hash: hash, ...recorded },
      })
    }
    // A second sync of the same kiosk racing this one waits on the unique key and then fails
    // its lane, which the kiosk resends (and gets `duplicate` answers).
    for (let i = 0; i < rows.length; i += 200) {
      await trx('kiosk_operations').insert(rows.slice(i, i + 200))
    }
    // Operations kept for the merchant's review: a `review.created` webhook each.
    for (const row of rows)
      if (row.review_id)
        await queueWebhookEvent(trx, {
          merchantId: kiosk.merchantId,
          event: 'review.created',
          data: {
            review_id: row.review_id,
            kiosk_id: row.kiosk_id,
            client_id: row.client_id,
            type: row.type,
            error: JSON.parse(String(row.error)) as unknown,
            occurred_at: row.occurred_at,
          },
        })
    return answers
  })

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

/**
 * Applies an operation that waited for review as its kiosk decided it, for the merchant who
 * decided (`actor`), through the same commands as a sync, at the time it happened; a redemption
 * the balance no longer covers takes the balance to zero and writes the rest off (the entry's
 * `metadata.write_off`). Refusals throw (AppError): the decision is not taken.
 */
export const applyReviewedOperation = (
  db: Knex,
  context: ExecutionContext,
  op: KioskOperation,
  occurredAt: Date,
) =>
  executeWithAlias(db, context, op, occurredAt, new Map(), undefined, { writeOffShortfall: true })

const executeWithAlias = async (
  db: Knex,
  kiosk: ExecutionContext,
  op: KioskOperation,
  occurredAt: Date,
  aliases: ReadonlyMap<string, string>,
  held: HeldCards | undefined,
  options: ExecutionOptions = {},
): Promise<AnsweredOperation> => {
  try {
    return await execute(db, kiosk, op, occurredAt, held, options)
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CARD_NOT_FOUND') throw error
    if (op.type !== 'earn' && op.type !== 'stamp' && op.type !== 'redeem') throw error
    const alias =
      aliases.get(op.payload.card_number) ??
      (await aliasedCardNumber(db, kiosk.merchantId, op.payload.card_number))
    if (!alias) throw error
    const remapped = { ...op, payload: { ...op.payload, card_number: alias } } as KioskOperation
    const answer = await execute(db, kiosk, remapped, occurredAt, held, options)
    if (answer.type !== 'earn' && answer.type !== 'stamp' && answer.type !== 'redeem') return answer
    return {
      ...answer,
      result: answer.result && { ...answer.result, remapped_from: op.payload.card_number },
    }
  }
}

const execute = async (
  db: Knex,
  kiosk: ExecutionContext,
  op: KioskOperation,
  occurredAt: Date,
  held: HeldCards | undefined,
  options: ExecutionOptions,
): Promise<AnsweredOperation> => {
  const movement = {
    held,
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
      return {
        type: op.type,
        result: await earnPoints(db, {
          ...movement,
          cardNumber: op.payload.card_number,
          amountCents: op.payload.amount_cents,
          categoryId: op.payload.category_id,
        }),
      }
    case 'stamp':
      return {
        type: op.type,
        result: await addStamps(db, {
          ...movement,
          cardNumber: op.payload.card_number,
          count: op.payload.count,
          categoryId: op.payload.category_id,
        }),
      }
    case 'redeem':
      return {
        type: op.type,
        result: await redeemReward(db, {
          ...movement,
          cardNumber: op.payload.card_number,
          rewardId: op.payload.reward_id,
          writeOffShortfall: options.writeOffShortfall,
        }),
      }
    case 'reverse': {
      const target = await db('ledger_entries')
        .where({ merchant_id: kiosk.merchantId, client_id: op.payload.target_client_id })
        .first('id')
      if (!target) throw new AppError('ENTRY_NOT_FOUND')
      return {
        type: op.type,
        result: await reverseEntry(db, {
          ...movement,
          entryId: target.id,
          reason: op.payload.reason,
        }),
      }
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
        type: op.type,
        result: {
          card_number: enrollment.card.number,
          already_member: enrollment.alreadyMember,
          welcome_bonus: enrollment.welcomeBonus,
          points_balance: enrollment.card.points_balance,
          stamps_balance: enrollment.card.stamps_balance,
        },
      }
    }
    case 'pin_failed':
      return {
        type: op.type,
        result: await recordPinFailure(db, {
          merchantId: kiosk.merchantId,
          kioskId: kiosk.kioskId,
          staffId: op.staff_id,
          at: occurredAt,
          consecutive: op.payload.consecutive_failures,
        }),
      }
    case 'pin_ok':
      return {
        type: op.type,
        result: await recordPinSuccess(db, {
          merchantId: kiosk.merchantId,
          staffId: op.staff_id,
          at: occurredAt,
        }),
      }
    case 'heartbeat':
      return { type: op.type, result: {} }
  }
}
