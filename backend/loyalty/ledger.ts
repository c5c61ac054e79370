import { AppError, isUniqueViolation } from '../errors.ts'
import type { Queryable } from '../db/transaction.ts'
import { inSqlTransaction, type SqlTransaction } from '../db/sql-transaction.ts'
import type { Actor } from '../auth/actor.ts'
import type { CardRow, LedgerEntryRow, ProgrammeRow } from './models.ts'
import type { StoreRow } from '../tenancy/models.ts'
import { localDayStart } from '../../shared/earning-rules.ts'
import { requestHash } from './request-hash.ts'
import { presentMovement, type EntryWithStore } from './presenters.ts'
import { deliverJobsFrom } from '../webhooks/queue-webhooks.ts'
import type { MovementResult } from '../../shared/schemas/loyalty-api.ts'
import { enqueueWalletUpdateSql } from '../wallet/google/enqueue-wallet-update.ts'

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
  p_id: string
  p_type: ProgrammeRow['type']
  p_status: ProgrammeRow['status']
  p_points_per_currency_unit: number
  p_cooldown_minutes: number
  p_daily_cap: number | null
  p_welcome_bonus: number
  p_stamps_required: number | null
  s_id: string | null
  s_code: string | null
  s_name: string | null
  s_timezone: string | null
  s_currency: string | null
  s_active: boolean | null
  db_now: Date
  prior_id: string | null
}

const lockSql = (key: 'number' | 'id') => `
  SELECT c.*, p.id AS p_id, p.type AS p_type, p.status AS p_status,
         p.points_per_currency_unit AS p_points_per_currency_unit,
         p.cooldown_minutes AS p_cooldown_minutes, p.daily_cap AS p_daily_cap,
         p.welcome_bonus AS p_welcome_bonus, p.stamps_required AS p_stamps_required,
         s.id AS s_id, s.code AS s_code, s.name AS s_name, s.timezone AS s_timezone,
         s.currency AS s_currency, s.active AS s_active, now() AS db_now,
         (SELECT e.id FROM ledger_entries e
           WHERE e.merchant_id = c.merchant_id AND e.client_id = $3) AS prior_id
    FROM cards c
    JOIN programmes p ON p.id = c.programme_id
    LEFT JOIN stores s ON s.merchant_id = c.merchant_id AND s.code = $2
   WHERE c.merchant_id = $1 AND c.${key} = $4
     FOR UPDATE OF c`

const LOCK_BY_NUMBER = lockSql('number')
const LOCK_BY_ID = lockSql('id')

/**
 * Locks the card row (SELECT … FOR UPDATE) and reads, in the same statement, what every movement
 * needs: its programme, the acting store, the database clock, and whether this client id already
 * produced an entry. Every balance change goes through here, so concurrent movements on one card
 * serialize on the row lock. (`prior_id` comes from the statement's snapshot, which may predate
 * a racing twin's commit; the unique client id index and the replay on refusal cover that.)
 */
export const lockCard = async (
  tx: SqlTransaction,
  merchantId: string,
  ref: CardRef,
  storeCode: string | null,
  clientId: string | null,
): Promise<LockedCard & { priorId: string | null }> => {
  const byNumber = 'number' in ref
  const [row] = await tx.query<LockRow>(
    byNumber ? LOCK_BY_NUMBER : LOCK_BY_ID,
    [merchantId, storeCode, clientId, byNumber ? ref.number : ref.cardId],
    byNumber ? 'ledger_lock_by_number' : 'ledger_lock_by_id',
  )
  if (!row) throw new AppError('CARD_NOT_FOUND')
  if (storeCode !== null && (!row.s_id || !row.s_active)) throw new AppError('STORE_NOT_FOUND')
  const {
    p_id,
    p_type,
    p_status,
    p_points_per_currency_unit,
    p_cooldown_minutes,
    p_daily_cap,
    p_welcome_bonus,
    p_stamps_required,
    s_id,
    s_code,
    s_name,
    s_timezone,
    s_currency,
    s_active,
    db_now,
    prior_id,
    ...card
  } = row
  return {
    card,
    programme: {
      id: p_id,
      type: p_type,
      status: p_status,
      points_per_currency_unit: p_points_per_currency_unit,
      cooldown_minutes: p_cooldown_minutes,
      daily_cap: p_daily_cap,
      welcome_bonus: p_welcome_bonus,
      stamps_required: p_stamps_required,
    },
    store: s_id
      ? {
          id: s_id,
          code: s_code!,
          name: s_name!,
          timezone: s_timezone!,
          currency: s_currency!,
          active: s_active!,
        }
      : null,
    now: db_now,
    priorId: prior_id,
  }
}

const EARNED_TODAY = `
  SELECT coalesce(sum(points_delta), 0)::int AS points, coalesce(sum(stamps_delta), 0)::int AS stamps
    FROM ledger_entries
   WHERE card_id = $1 AND type IN ('earn', 'stamp') AND status = 'applied'
     AND occurred_at >= $2 AND occurred_at < $3`

/**
 * What the card earned on `at`'s local calendar day in the store's time zone. A statement of its
 * own after the lock, so it sees every earning committed before we got the card.
 */
const readEarnedToday = async (tx: SqlTransaction, locked: LockedCard, at: Date) => {
  const timeZone = locked.store?.timezone ?? 'UTC'
  const dayStart = localDayStart(at, timeZone)
  const nextDay = localDayStart(new Date(dayStart.getTime() + 36 * 3_600_000), timeZone)
  const [row] = await tx.query<{ points: number; stamps: number }>(
    EARNED_TODAY,
    [locked.card.id, dayStart, nextDay],
    'ledger_earned_today',
  )
  return {
    from: dayStart.getTime(),
    to: nextDay.getTime(),
    points: row?.points ?? 0,
    stamps: row?.stamps ?? 0,
  }
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
  /** More to keep on the entry (a redemption applied from review: what was written off). */
  metadata?: Record<string, unknown>
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
  plan: (context: MovementContext, tx: SqlTransaction) => Promise<MovementPlan> | MovementPlan
  /** Runs after the entry is written, in the same transaction (status changes, audit, jobs). */
  after?: (entry: LedgerEntryRow, context: MovementContext, tx: SqlTransaction) => Promise<void>
  /** The caller's transaction's held cards (see HeldCards); only with a caller's transaction. */
  held?: HeldCards | undefined
}

/**
 * Cards this transaction has locked, as it last wrote them, with the earnings of one local day:
 * a later movement on the same card in the same transaction (a kiosk sync lane) needs neither
 * the lock statement nor the day's sum again — the row lock is held until commit, so nobody
 * else can have changed either. Only for one transaction, only for new client ids (the sync
 * has already answered the known ones).
 */
export type HeldCards = Map<
  string,
  {
    locked: LockedCard
    today: { from: number; to: number; points: number; stamps: number } | null
  }
>

const CLIENT_ID_CONSTRAINT = 'ledger_entries_merchant_id_client_id_unique'

const ENTRY_WITH_STORE = `
  SELECT e.*, s.code AS store_code, s.name AS store_name, c.number AS card_number
    FROM ledger_entries e
    JOIN cards c ON c.id = e.card_id
    LEFT JOIN stores s ON s.id = e.store_id
   WHERE e.merchant_id = $1 AND e.client_id = $2`

/** The first result of a client id, or IDEMPOTENCY_CONFLICT when it asked for something else. */
const replay = async (tx: SqlTransaction, merchantId: string, clientId: string, hash: string) => {
  const [prior] = await tx.query<EntryWithStore & { card_number: string }>(
    ENTRY_WITH_STORE,
    [merchantId, clientId],
    'ledger_replay',
  )
  if (!prior) return null
  if (prior.request_hash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT')
  return presentMovement(prior, { duplicate: true })
}

/** The idempotency fingerprint of a movement: a replayed client id must carry the same. */
export const movementHash = (
  request: Pick<MovementRequest, 'operation' | 'card' | 'storeCode' | 'occurredAt' | 'payload'>,
) =>
  requestHash(request.operation, {
    card: request.card,
    store: request.storeCode,
    occurred_at: request.occurredAt,
    ...request.payload,
  })

/**
 * Writes one ledger movement: lock the card, replay a known client id, let the command decide
 * (rules may throw), append the entry and move the cached balances — all in one transaction.
 */
export const recordMovement = async (
  db: Queryable,
  request: MovementRequest,
): Promise<MovementResult> => {
  const hash = movementHash(request)
  try {
    return await inSqlTransaction(db, async (tx) => {
      const held = db.isTransaction ? request.held : undefined
      const key =
        held && 'number' in request.card
          ? `${request.merchantId}|${request.card.number}|${request.storeCode ?? ''}`
          : null
      const kept = key ? held!.get(key) : undefined
      const locked = kept
        ? { ...kept.locked, priorId: null }
        : await lockCard(tx, request.merchantId, request.card, request.storeCode, request.clientId)
      if (locked.priorId) {
        const replayed = await replay(tx, request.merchantId, request.clientId, hash)
        if (replayed) return replayed
      }
      const at = request.occurredAt ?? locked.now
      const keptToday =
        kept?.today && at.getTime() >= kept.today.from && at.getTime() < kept.today.to
          ? kept.today
          : null
      const today =
        locked.programme.daily_cap === null
          ? { points: 0, stamps: 0 }
          : (keptToday ?? (await readEarnedToday(tx, locked, at)))
      const context: MovementContext = {
        ...locked,
        at,
        pointsToday: today.points,
        stampsToday: today.stamps,
      }
      let plan: MovementPlan
      try {
        plan = await request.plan(context, tx)
      } catch (error) {
        // A twin of this request may have committed while we waited for the lock (and now trips
        // the cooldown, say): the client gets the twin's result, not the refusal.
        const replayed =
          error instanceof AppError
            ? await replay(tx, request.merchantId, request.clientId, hash)
            : null
        if (replayed) return replayed
        throw error
      }
      const entry = await appendEntry(
        tx,
        context,
        plan,
        {
          clientId: request.clientId,
          requestHash: hash,
          actor: request.actor,
          deviceId: request.deviceId ?? null,
          staffId: request.staffId ?? null,
        },
        // Without an `after` step the entry is the transaction's last statement: commit with it.
        {
          commit: !request.after,
          written: (card) => {
            if (!key) return
            // An `after` step may change more than the card: the next movement locks afresh.
            if (request.after) return held!.delete(key)
            const counts = plan.type === 'earn' || plan.type === 'stamp'
            const day = 'from' in today ? today : null
            held!.set(key, {
              locked: { card, programme: locked.programme, store: locked.store, now: locked.now },
              today: day
                ? {
                    ...day,
                    points: day.points + (counts ? plan.pointsDelta : 0),
                    stamps: day.stamps + (counts ? plan.stampsDelta : 0),
                  }
                : null,
            })
          },
        },
      )
      await request.after?.(entry, context, tx)
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
    // Two first requests with one client id raced past the replay check: the loser replays.
    if (!db.isTransaction && isUniqueViolation(error, CLIENT_ID_CONSTRAINT)) {
      const replayed = await inSqlTransaction(db, (tx) =>
        replay(tx, request.merchantId, request.clientId, hash),
      )
      if (replayed) return replayed
    }
    throw error
  }
}

export type EntryMeta = {
  clientId: string
  requestHash: string
  actor: Actor
  deviceId: string | null
  staffId: string | null
}

/**
 * ── MOVEMENT EFFECTS ── the one place for work that must commit with every ledger movement
 * (enqueue a job keyed per card when it has a wallet pass, a webhook delivery, …). Each is a
 * CTE of EFFECTS, `, name AS (SELECT add_job(…) FROM entry WHERE …)` or an INSERT, reading only
 * the `entry` CTE (the appended row: entry.id, entry.type, entry.merchant_id, entry.card_id, …),
 * never positional parameters: this text ends both statements that append entries,
 * APPEND_ENTRY (where $1 is the merchant and $2 the card) and the one-statement earning
 * (earn-statement.ts, whose parameters differ). Where the movement is refused, `entry` is empty
 * and so are these. Both statements end with MOVEMENT_EFFECTS_READ, which reads every one.
 */
const EFFECTS: ReadonlyArray<{ name: string; sql: string }> = [
  {
    // Merchant webhooks (backend/webhooks): a delivery per active endpoint subscribed to the
    // entry's events, and its job (next); none without such an endpoint.
    name: 'webhook_delivery',
    sql: `INSERT INTO webhook_deliveries (merchant_id, endpoint_id, event, data)
    SELECT w.merchant_id, w.id, ev.event, jsonb_build_object(
        'id', entry.id, 'type', entry.type, 'card_id', entry.card_id,
        'card_number', (SELECT number FROM cards WHERE id = entry.card_id),
        'points_delta', entry.points_delta, 'stamps_delta', entry.stamps_delta,
        'points_balance_after', entry.points_balance_after,
        'stamps_balance_after', entry.stamps_balance_after,
        'amount_cents', entry.amount_cents, 'currency', entry.currency,
        'store_id', entry.store_id, 'reward_id', entry.reward_id, 'reason', entry.reason,
        'reversal_of', entry.reversal_of, 'occurred_at', entry.occurred_at,
        'recorded_at', entry.recorded_at)
      FROM entry
      JOIN webhook_endpoints w ON w.merchant_id = entry.merchant_id AND w.active
      CROSS JOIN LATERAL (VALUES ('ledger.entry_created'),
        (CASE WHEN entry.type = 'redeem' THEN 'reward.redeemed' END)) ev (event)
     WHERE ev.event = ANY (w.events)
    RETURNING merchant_id, id`,
  },
  { name: 'webhook_job', sql: deliverJobsFrom('webhook_delivery') },
  {
    // Google Wallet: a card with a loyalty object gets one coalesced `wallet:update` (its key
    // merges a burst into one PATCH; backend/wallet/google/enqueue-wallet-update.ts).
    name: 'google_wallet_update',
    sql: enqueueWalletUpdateSql('entry.merchant_id', 'entry.card_id', 'entry'),
  },
  {
    // Apple Wallet: a card whose pass a device registered gets one coalesced push job (its key
    // merges a burst; backend/wallet/apple/push-job.ts).
    name: 'wallet_apple_push',
    sql: `SELECT graphile_worker.add_job('wallet:apple-push',
             json_build_object('merchantId', entry.merchant_id, 'cardId', entry.card_id),
             job_key => 'wallet:apple-push:' || entry.card_id::text,
             run_at => now() + interval '2 seconds',
             job_key_mode => 'preserve_run_at')
        FROM entry
       WHERE EXISTS (SELECT 1 FROM apple_pass_registrations r
                      WHERE r.merchant_id = entry.merchant_id AND r.card_id = entry.card_id)`,
  },
]

export const MOVEMENT_EFFECTS = EFFECTS.map((effect) => `, ${effect.name} AS (${effect.sql})`).join(
  '',
)

/**
 * The WHERE of the final SELECT of both statements: a CTE that calls a function (add_job)
 * modifies nothing in PostgreSQL's eyes and runs only when the query reads it. This condition
 * reads each one (always true; an unread column of a subquery would be planned away, a WHERE
 * cannot be).
 */
export const MOVEMENT_EFFECTS_READ = `${EFFECTS.map(
  (effect) => `(SELECT count(*) FROM ${effect.name})`,
).join(' + ')} >= 0`

// The entry and the cached balances in one statement: one round trip on the hot path.
// google_wallet_update: the card's wallet:update job when it has a Google Wallet object, in the
// same statement (the main query references it, or PostgreSQL would never run it).
const APPEND_ENTRY = `
  WITH entry AS (
    INSERT INTO ledger_entries (merchant_id, card_id, type, points_delta, stamps_delta,
      points_balance_after, stamps_balance_after, amount_cents, currency, category_id, reward_id,
      store_id, device_id, staff_id, api_key_id, reason, client_id, request_hash, occurred_at,
      reversal_of, metadata)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
      $20, $21)
    RETURNING *
  ), card AS (
    UPDATE cards SET points_balance = $6, stamps_balance = $7,
      lifetime_points = $22, lifetime_stamps = $23, last_earn_at = $24,
      last_activity_at = CASE WHEN $25::boolean THEN greatest(last_activity_at, $19) ELSE last_activity_at END,
      updated_at = now()
    WHERE id = $2
  )${MOVEMENT_EFFECTS}
  SELECT entry.* FROM entry WHERE ${MOVEMENT_EFFECTS_READ}`

/**
 * What a movement writes: APPEND_ENTRY's positional values ($1 … $25, the order of
 * ENTRY_INPUT) and the card as the statement leaves it. The ledger's rules for every movement,
 * whichever statement writes it: no balance below zero, lifetime totals, the earning clock, the
 * activity clock.
 */
export const planEntry = (
  context: Pick<MovementContext, 'card' | 'store' | 'at'>,
  plan: MovementPlan,
  meta: EntryMeta,
): { values: unknown[]; card: CardRow } => {
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
  const values = [
    card.merchant_id,
    card.id,
    plan.type,
    plan.pointsDelta,
    plan.stampsDelta,
    pointsAfter,
    stampsAfter,
    plan.amountCents ?? null,
    plan.amountCents != null ? (context.store?.currency ?? null) : null,
    plan.categoryId ?? null,
    plan.rewardId ?? null,
    context.store?.id ?? null,
    meta.deviceId,
    meta.staffId,
    meta.actor.type === 'api_key' ? meta.actor.id : null,
    plan.reason ?? null,
    meta.clientId,
    meta.requestHash,
    context.at,
    plan.reversalOf ?? null,
    JSON.stringify({ ...(plan.capped ? { capped: true } : {}), ...plan.metadata }),
    lifetimePoints,
    lifetimeStamps,
    lastEarnAt,
    plan.isActivity ?? false,
  ]
  return {
    values,
    card: {
      ...card,
      points_balance: pointsAfter,
      stamps_balance: stampsAfter,
      lifetime_points: lifetimePoints,
      lifetime_stamps: lifetimeStamps,
      last_earn_at: lastEarnAt,
      last_activity_at:
        plan.isActivity && context.at > card.last_activity_at ? context.at : card.last_activity_at,
    },
  }
}

/** Appends the entry and moves the card's cached balances by the same deltas. */
export const appendEntry = async (
  tx: SqlTransaction,
  context: MovementContext,
  plan: MovementPlan,
  meta: EntryMeta,
  options: {
    commit?: boolean
    /** The card row as the statement left it (for HeldCards). */
    written?: (card: CardRow) => void
  } = {},
): Promise<LedgerEntryRow> => {
  const { values, card } = planEntry(context, plan, meta)
  const [entry] = options.commit
    ? await tx.queryAndCommit<LedgerEntryRow>(APPEND_ENTRY, values, 'ledger_append_entry')
    : await tx.query<LedgerEntryRow>(APPEND_ENTRY, values, 'ledger_append_entry')
  options.written?.(card)
  return entry!
}

/**
 * APPEND_ENTRY's inputs by name and type, in the order of its positional parameters: the
 * records of APPEND_ENTRIES.
 */
const ENTRY_INPUT = [
  ['merchant_id', 'uuid'],
  ['card_id', 'uuid'],
  ['type', 'text'],
  ['points_delta', 'int'],
  ['stamps_delta', 'int'],
  ['points_balance_after', 'int'],
  ['stamps_balance_after', 'int'],
  ['amount_cents', 'int'],
  ['currency', 'text'],
  ['category_id', 'uuid'],
  ['reward_id', 'uuid'],
  ['store_id', 'uuid'],
  ['device_id', 'uuid'],
  ['staff_id', 'uuid'],
  ['api_key_id', 'uuid'],
  ['reason', 'text'],
  ['client_id', 'uuid'],
  ['request_hash', 'text'],
  ['occurred_at', 'timestamptz'],
  ['reversal_of', 'uuid'],
  ['metadata', 'jsonb'],
  ['lifetime_points', 'int'],
  ['lifetime_stamps', 'int'],
  ['last_earn_at', 'timestamptz'],
  ['is_activity', 'boolean'],
] as const

const ENTRY_COLUMNS = ENTRY_INPUT.slice(0, 21).map(([name]) => name)

/**
 * APPEND_ENTRY for many cards in one statement (a batch of an import): the entries, the cached
 * balances and MOVEMENT_EFFECTS, set-based. A client id already in the ledger writes nothing
 * (neither entry nor balance), as the single path replays it. The statement is followed by
 * PostgreSQL's checks as APPEND_ENTRY is (the append-only trigger, the keys of the entry, the
 * client id unique key against a racing twin).
 */
const APPEND_ENTRIES = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset(?::jsonb)
      AS x(${ENTRY_INPUT.map(([name, type]) => `${name} ${type}`).join(', ')})
  ), entry AS (
    INSERT INTO ledger_entries (${ENTRY_COLUMNS.join(', ')})
    SELECT ${ENTRY_COLUMNS.map((name) => `x.${name}`).join(', ')}
      FROM input x
     WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e
                        WHERE e.merchant_id = x.merchant_id AND e.client_id = x.client_id)
    RETURNING *
  ), card AS (
    UPDATE cards c SET points_balance = x.points_balance_after,
      stamps_balance = x.stamps_balance_after,
      lifetime_points = x.lifetime_points, lifetime_stamps = x.lifetime_stamps,
      last_earn_at = x.last_earn_at,
      last_activity_at = CASE WHEN x.is_activity THEN greatest(c.last_activity_at, x.occurred_at) ELSE c.last_activity_at END,
      updated_at = now()
      FROM input x JOIN entry ON entry.merchant_id = x.merchant_id AND entry.client_id = x.client_id
     WHERE c.id = x.card_id
  )${MOVEMENT_EFFECTS}
  SELECT entry.* FROM entry WHERE ${MOVEMENT_EFFECTS_READ}`

/**
 * Appends one movement on each of many cards in one statement — what `appendEntry` does for
 * one, by the same rules (`planEntry`) and with the same effects. For cards this transaction
 * holds (it created or locked them) as `card` gives them; one movement per card (a second would
 * need the first's balances). Returns the entries written (a known client id writes none).
 */
export const appendEntries = async (
  db: Queryable,
  movements: ReadonlyArray<{
    context: Pick<MovementContext, 'card' | 'store' | 'at'>
    plan: MovementPlan
    meta: EntryMeta
  }>,
): Promise<LedgerEntryRow[]> => {
  if (movements.length === 0) return []
  const cards = new Set(movements.map((m) => m.context.card.id))
  if (cards.size < movements.length) throw new Error('appendEntries: one movement per card')
  const records = movements.map(({ context, plan, meta }) => {
    const { values } = planEntry(context, plan, meta)
    return Object.fromEntries(
      ENTRY_INPUT.map(([name], i) => [
        name,
        name === 'metadata' ? JSON.parse(values[i] as string) : values[i],
      ]),
    )
  })
  const { rows } = await db.raw<{ rows: LedgerEntryRow[] }>(APPEND_ENTRIES, [
    JSON.stringify(records),
  ])
  return rows
}

const GAINS: ReadonlyArray<MovementPlan['type']> = ['earn', 'stamp', 'welcome_bonus', 'adjust']

/** Lifetime totals count what a card gained: positive earnings, bonuses and adjustments. */
export const gained = (type: MovementPlan['type'], delta: number): number =>
  GAINS.includes(type) && delta > 0 ? delta : 0
