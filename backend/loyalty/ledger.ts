import type { Knex } from 'knex'
import { AppError, isUniqueViolation } from '../errors.ts'
import { inTransaction, type Queryable } from '../db/transaction.ts'
import type { Actor } from '../auth/actor.ts'
import type { CardRow, LedgerEntryRow, ProgrammeRow } from './models.ts'
import type { StoreRow } from '../tenancy/models.ts'
import { localDayStart } from '../../shared/earning-rules.ts'
import { requestHash } from './request-hash.ts'
import { presentMovement, type EntryWithStore } from './presenters.ts'
import type { MovementResult } from '../../shared/schemas/loyalty-api.ts'

export type CardRef = { number: string } | { cardId: string }

/** A card locked for this transaction, with its programme and the acting store. */
export type LockedCard = {
  card: CardRow
  programme: Pick<
    ProgrammeRow,
    | 'id'
    | 'type'
    | 'status'
    | 'points_per_currency_unit'
    | 'cooldown_minutes'
    | 'daily_cap'
    | 'welcome_bonus'
    | 'stamps_required'
  >
  store: Pick<StoreRow, 'id' | 'code' | 'name' | 'timezone' | 'currency' | 'active'> | null
  /** The database's clock at the start of the transaction. */
  now: Date
}

type LockRow = CardRow & {
  programme: LockedCard['programme']
  store: LockedCard['store']
  db_now: Date
}

/**
 * Locks the card row (SELECT … FOR UPDATE) and reads what every movement needs in the same
 * statement. Every balance change goes through here, so concurrent movements on one card
 * serialize on the row lock.
 */
export const lockCard = async (
  trx: Knex.Transaction,
  merchantId: string,
  ref: CardRef,
  storeCode: string | null,
): Promise<LockedCard> => {
  const byNumber = 'number' in ref
  const result = await trx.raw<{ rows: LockRow[] }>(
    `SELECT c.*, to_jsonb(p) AS programme,
            (SELECT to_jsonb(s) FROM stores s WHERE s.merchant_id = c.merchant_id AND s.code = :storeCode) AS store,
            now() AS db_now
       FROM cards c JOIN programmes p ON p.id = c.programme_id
      WHERE c.merchant_id = :merchantId AND ${byNumber ? 'c.number = :key' : 'c.id = :key'}
        FOR UPDATE OF c`,
    { merchantId, key: byNumber ? ref.number : ref.cardId, storeCode },
  )
  const row = result.rows[0]
  if (!row) throw new AppError('CARD_NOT_FOUND')
  const { programme, store, db_now, ...card } = row
  if (storeCode !== null && (!store || !store.active)) throw new AppError('STORE_NOT_FOUND')
  return { card, programme, store, now: db_now }
}

type TodayRow = { prior_id: string | null; points_today: number; stamps_today: number }

/** The entry a client id already produced (if any) and what the card earned on `at`'s local day. */
const readPriorAndToday = async (
  trx: Knex.Transaction,
  locked: LockedCard,
  clientId: string,
  at: Date,
): Promise<TodayRow> => {
  const timeZone = locked.store?.timezone ?? 'UTC'
  const dayStart = localDayStart(at, timeZone)
  const nextDay = localDayStart(new Date(dayStart.getTime() + 36 * 3_600_000), timeZone)
  const { rows } = await trx.raw<{ rows: TodayRow[] }>(
    `SELECT (SELECT id FROM ledger_entries WHERE merchant_id = :merchantId AND client_id = :clientId) AS prior_id,
            coalesce(sum(points_delta), 0)::int AS points_today,
            coalesce(sum(stamps_delta), 0)::int AS stamps_today
       FROM ledger_entries
      WHERE card_id = :cardId AND type IN ('earn', 'stamp') AND status = 'applied'
        AND occurred_at >= :dayStart AND occurred_at < :nextDay`,
    { merchantId: locked.card.merchant_id, clientId, cardId: locked.card.id, dayStart, nextDay },
  )
  return rows[0] as TodayRow
}

/** What a movement writes, decided by a command from the locked card. */
export type MovementPlan = {
  type: LedgerEntryRow['type']
  pointsDelta: number
  stampsDelta: number
  amountCents?: number | null
  categoryId?: string | null
  rewardId?: string | null
  reason?: string | null
  reversalOf?: string | null
  /** Earnings move the cooldown clock. */
  isEarning?: boolean
  /** Customer activity resets the inactivity clock that points expiry uses. */
  isActivity?: boolean
  capped?: boolean
  /** Overrides last_earn_at (a reversal restores the previous earning's time). */
  lastEarnAt?: Date | null
  /** Overrides the change of lifetime totals (a reversal takes back what the original gained). */
  lifetime?: { points: number; stamps: number }
}

export type MovementContext = LockedCard & { at: Date; pointsToday: number; stampsToday: number }

export type MovementRequest = {
  merchantId: string
  card: CardRef
  storeCode: string | null
  clientId: string
  occurredAt?: Date | undefined
  actor: Actor
  /** Operation name and payload: the idempotency fingerprint. */
  operation: string
  payload: Record<string, unknown>
  deviceId?: string | null
  staffId?: string | null
  plan: (context: MovementContext, trx: Knex.Transaction) => Promise<MovementPlan> | MovementPlan
  /** Runs after the entry is written, in the same transaction (status changes, audit, jobs). */
  after?: (entry: LedgerEntryRow, context: MovementContext, trx: Knex.Transaction) => Promise<void>
}

const CLIENT_ID_CONSTRAINT = 'ledger_entries_merchant_id_client_id_unique'

const loadEntryWithStore = async (
  db: Queryable,
  entryId: string,
): Promise<EntryWithStore & { card_number: string }> => {
  const row = await db('ledger_entries as e')
    .join('cards as c', 'c.id', 'e.card_id')
    .leftJoin('stores as s', 's.id', 'e.store_id')
    .where('e.id', entryId)
    .first('e.*', 's.code as store_code', 's.name as store_name', 'c.number as card_number')
  return row as EntryWithStore & { card_number: string }
}

/** The first result of a client id, or IDEMPOTENCY_CONFLICT when it asked for something else. */
const replay = async (db: Queryable, merchantId: string, clientId: string, hash: string) => {
  const prior = await db('ledger_entries')
    .where({ merchant_id: merchantId, client_id: clientId })
    .first('id', 'request_hash')
  if (!prior) return null
  if (prior.request_hash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT')
  const entry = await loadEntryWithStore(db, prior.id as string)
  return presentMovement(entry, { duplicate: true })
}

/**
 * Writes one ledger movement: lock the card, replay a known client id, let the command decide
 * (rules may throw), append the entry, update the cached balances — all in one transaction.
 */
export const recordMovement = async (
  db: Queryable,
  request: MovementRequest,
): Promise<MovementResult> => {
  const hash = requestHash(request.operation, {
    card: request.card,
    store: request.storeCode,
    occurred_at: request.occurredAt,
    ...request.payload,
  })
  try {
    return await inTransaction(db, async (trx) => {
      const locked = await lockCard(trx, request.merchantId, request.card, request.storeCode)
      const at = request.occurredAt ?? locked.now
      const today = await readPriorAndToday(trx, locked, request.clientId, at)
      if (today.prior_id) {
        const replayed = await replay(trx, request.merchantId, request.clientId, hash)
        if (replayed) return replayed
      }
      const context: MovementContext = {
        ...locked,
        at,
        pointsToday: today.points_today,
        stampsToday: today.stamps_today,
      }
      const plan = await request.plan(context, trx)
      const entry = await appendEntry(trx, context, plan, {
        clientId: request.clientId,
        requestHash: hash,
        actor: request.actor,
        deviceId: request.deviceId ?? null,
        staffId: request.staffId ?? null,
      })
      await request.after?.(entry, context, trx)
      return presentMovement(
        {
          ...entry,
          store_code: locked.store?.code ?? null,
          store_name: locked.store?.name ?? null,
          card_number: locked.card.number,
        },
        { duplicate: false },
      )
    })
  } catch (error) {
    // Two requests with one client id raced past the replay check: the loser replays.
    if (!db.isTransaction && isUniqueViolation(error, CLIENT_ID_CONSTRAINT)) {
      const replayed = await replay(db, request.merchantId, request.clientId, hash)
      if (replayed) return replayed
    }
    throw error
  }
}

type EntryMeta = {
  clientId: string
  requestHash: string
  actor: Actor
  deviceId: string | null
  staffId: string | null
}

/** Appends the entry and moves the card's cached balances by the same deltas. */
export const appendEntry = async (
  trx: Knex.Transaction,
  context: MovementContext,
  plan: MovementPlan,
  meta: EntryMeta,
): Promise<LedgerEntryRow> => {
  const { card } = context
  const pointsAfter = card.points_balance + plan.pointsDelta
  const stampsAfter = card.stamps_balance + plan.stampsDelta
  if (pointsAfter < 0)
    throw new AppError('INSUFFICIENT_POINTS', {
      balance: card.points_balance,
      cost: -plan.pointsDelta,
    })
  if (stampsAfter < 0)
    throw new AppError('INSUFFICIENT_STAMPS', {
      balance: card.stamps_balance,
      cost: -plan.stampsDelta,
    })

  const [entry] = (await trx('ledger_entries')
    .insert({
      merchant_id: card.merchant_id,
      card_id: card.id,
      type: plan.type,
      points_delta: plan.pointsDelta,
      stamps_delta: plan.stampsDelta,
      points_balance_after: pointsAfter,
      stamps_balance_after: stampsAfter,
      amount_cents: plan.amountCents ?? null,
      currency: plan.amountCents != null ? (context.store?.currency ?? null) : null,
      category_id: plan.categoryId ?? null,
      reward_id: plan.rewardId ?? null,
      store_id: context.store?.id ?? null,
      device_id: meta.deviceId,
      staff_id: meta.staffId,
      api_key_id: meta.actor.type === 'api_key' ? meta.actor.id : null,
      reason: plan.reason ?? null,
      client_id: meta.clientId,
      request_hash: meta.requestHash,
      occurred_at: context.at,
      reversal_of: plan.reversalOf ?? null,
      metadata: plan.capped ? { capped: true } : {},
    })
    .returning('*')) as LedgerEntryRow[]

  const lifetimePoints = Math.max(
    0,
    card.lifetime_points + (plan.lifetime?.points ?? gained(plan.type, plan.pointsDelta)),
  )
  const lifetimeStamps = Math.max(
    0,
    card.lifetime_stamps + (plan.lifetime?.stamps ?? gained(plan.type, plan.stampsDelta)),
  )
  const lastEarnAt =
    plan.lastEarnAt !== undefined
      ? plan.lastEarnAt
      : plan.isEarning && (!card.last_earn_at || context.at > card.last_earn_at)
        ? context.at
        : card.last_earn_at
  await trx('cards')
    .where('id', card.id)
    .update({
      points_balance: pointsAfter,
      stamps_balance: stampsAfter,
      lifetime_points: lifetimePoints,
      lifetime_stamps: lifetimeStamps,
      last_earn_at: lastEarnAt,
      ...(plan.isActivity
        ? { last_activity_at: trx.raw('greatest(last_activity_at, ?)', [context.at]) }
        : {}),
      updated_at: trx.fn.now(),
    })
  return entry as LedgerEntryRow
}

const GAINS: ReadonlyArray<MovementPlan['type']> = ['earn', 'stamp', 'welcome_bonus', 'adjust']

/** Lifetime totals count what a card gained: positive earnings, bonuses and adjustments. */
export const gained = (type: MovementPlan['type'], delta: number): number =>
  GAINS.includes(type) && delta > 0 ? delta : 0
