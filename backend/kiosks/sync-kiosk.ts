import type { Knex } from 'knex'
import type { z } from 'zod'
import type { SyncBody, SyncResult } from '../../shared/schemas/kiosk-api.ts'
import { KIOSK_CARD_WINDOW_DAYS } from '../../shared/schemas/kiosk-snapshots.ts'
import { applyOperations, type KioskContext } from './apply-operation.ts'
import { reserveCardNumbers } from './card-numbers.ts'
import { reviewOutcomesOf } from './queries/review-items.ts'
import { loadMerchantKioskSettings } from './merchant-settings.ts'
import { AppError } from '../errors.ts'
import {
  presentCardSnapshot,
  presentCategorySnapshot,
  presentKioskSnapshot,
  presentProgrammeSnapshot,
  presentRewardSnapshot,
  presentStaffSnapshot,
  type CardSnapshotRow,
  type CategorySnapshotRow,
  type ProgrammeSnapshotRow,
  type RewardSnapshotRow,
  type StaffSnapshotRow,
} from './presenters.ts'

/** How far a kiosk's clock may be off before its times are corrected by the measured skew. */
export const MAX_CLOCK_SKEW_MS = 2 * 60_000
/** Operations older than this are recorded at this age (a kiosk offline for a month, a bad clock). */
const MAX_OPERATION_AGE_MS = 31 * 24 * 3_600_000

/**
 * A kiosk's operation time on the server's clock: corrected by the kiosk's measured skew when it
 * exceeds the bound, never in the future, never older than a month.
 */
export const serverTimeOf = (occurredAt: string, skewMs: number, now: Date): Date => {
  let at = new Date(occurredAt).getTime()
  if (Math.abs(skewMs) > MAX_CLOCK_SKEW_MS) at -= skewMs
  return new Date(Math.min(now.getTime(), Math.max(at, now.getTime() - MAX_OPERATION_AGE_MS)))
}

/**
 * One sync: push the kiosk's operations (in order, in one transaction), then pull what
 * changed since its cursor. Idempotent per (kiosk, client id).
 */
export const syncKiosk = async (db: Knex, kioskId: string, body: SyncBody): Promise<SyncAnswer> => {
  const kiosk = await db('kiosks as k')
    .join('stores as s', 's.id', 'k.store_id')
    .where('k.id', kioskId)
    .first(
      'k.id',
      'k.merchant_id',
      'k.store_id',
      'k.status',
      's.code as store_code',
      db.raw('now() AS now'),
    )
  if (!kiosk) throw new AppError('UNAUTHENTICATED')
  if (kiosk.status === 'revoked') throw new AppError('DEVICE_REVOKED')
  const now: Date = kiosk.now
  const skewMs = new Date(body.device_time).getTime() - now.getTime()
  const context: KioskContext = {
    kioskId: kiosk.id,
    merchantId: kiosk.merchant_id,
    storeId: kiosk.store_id,
    storeCode: kiosk.store_code,
    actor: { type: 'kiosk', id: kiosk.id, merchantId: kiosk.merchant_id, storeId: kiosk.store_id },
  }

  const results = await applyOperations(
    db,
    context,
    body.operations.map((op) => ({ op, occurredAt: serverTimeOf(op.occurred_at, skewMs, now) })),
  )

  await db('kiosks')
    .where('id', kiosk.id)
    .update({
      last_seen_at: db.fn.now(),
      last_sync_at: db.fn.now(),
      app_version: body.app_version,
      queue_length: Math.max(0, body.queue_length - body.operations.length),
      oldest_pending_at:
        body.queue_length > body.operations.length && body.oldest_pending_at
          ? serverTimeOf(body.oldest_pending_at, skewMs, now)
          : null,
      clock_skew_ms: Math.max(-2_147_483_648, Math.min(2_147_483_647, skewMs)),
      updated_at: db.fn.now(),
    })

  const [pulled, reviewOutcomes] = await Promise.all([
    pullChanges(db, context, body.cursor, body.cards_wanted ?? []),
    reviewOutcomesOf(db, kiosk.id),
  ])
  return {
    results,
    ...pulled,
    review_outcomes: reviewOutcomes,
    server_time: new Date().toISOString(),
  }
}

/** What a sync answers, checked against the shared contract the kiosk parses it with. */
export type SyncAnswer = z.input<typeof SyncResult>

const XID8 = /^[0-9]{1,20}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A kiosk carries the cards seen at any of the merchant's stores in this many days. */
export const SNAPSHOT_WINDOW_DAYS = KIOSK_CARD_WINDOW_DAYS
/** Cards per answer while a kiosk takes its first copy (≈ 2 MB of JSON, ≈ 0.3 MB gzipped). */
export const FIRST_SYNC_PAGE_CARDS = 10_000

/**
 * Where a pull starts: changes since an xid (the cursor of the previous pull), or the first copy
 * in pages — `first:<xmin when it began>:<last card id sent>` — after which the changes since
 * that xmin follow (every card changed while the pages went out is sent again: never skipped).
 */
type PullFrom = { kind: 'changes'; since: string } | { kind: 'first'; xmin: string; after: string }

const pullFrom = (cursor: string | null): PullFrom | null => {
  if (cursor && XID8.test(cursor)) return { kind: 'changes', since: cursor }
  const [tag, xmin, after] = (cursor ?? '').split(':')
  if (tag === 'first' && xmin && XID8.test(xmin) && after && UUID.test(after))
    return { kind: 'first', xmin, after }
  return null
}

const cardColumns = (trx: Knex, kiosk: KioskContext) => [
  'c.id',
  'c.number',
  'c.status',
  'c.programme_id',
  'c.points_balance',
  'c.stamps_balance',
  'c.last_earn_at',
  'cu.name as customer_name',
  'cu.preferred_language',
  'c.last_activity_at',
  trx.raw('c.enrolled_store_id IS NOT DISTINCT FROM ?::uuid AS home', [kiosk.storeId]),
]

/**
 * The cards a kiosk carries (decisions): seen at any of the merchant's stores in the window
 * (the last activity; an enrollment is one), or enrolled at the kiosk's own store.
 */
const carriedCards = (trx: Knex, kiosk: KioskContext) =>
  trx('cards as c')
    .join('customers as cu', 'cu.id', 'c.customer_id')
    .where('c.merchant_id', kiosk.merchantId)
    .where((q) =>
      q
        .where(
          'c.last_activity_at',
          '>=',
          trx.raw(`now() - make_interval(days => ?)`, [SNAPSHOT_WINDOW_DAYS]),
        )
        .orWhere('c.enrolled_store_id', kiosk.storeId),
    )

/**
 * What changed for the kiosk since `cursor`. The cursor is the xmin of the snapshot of the
 * previous pull, so every card change by a transaction not finished then is sent now (some
 * twice: the kiosk upserts). A first sync sends the carried cards in pages (`more`). The cards
 * the kiosk asked for by number come with any answer. Programmes, rewards, categories and staff
 * are small and sent whole.
 */
export const pullChanges = (
  db: Knex,
  kiosk: KioskContext,
  cursor: string | null,
  wanted: readonly string[] = [],
  pageCards = FIRST_SYNC_PAGE_CARDS,
) =>
  db.transaction(async (trx): Promise<Pick<SyncAnswer, 'changes' | 'cursor' | 'more'>> => {
    const [{ xmin }] = (
      await trx.raw('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin')
    ).rows
    const from: PullFrom = pullFrom(cursor) ?? {
      kind: 'first',
      xmin: xmin as string,
      after: '00000000-0000-0000-0000-000000000000',
    }
    const settings = await loadMerchantKioskSettings(trx, kiosk.merchantId)
    const cards: CardSnapshotRow[] =
      from.kind === 'changes'
        ? await carriedCards(trx, kiosk)
            .where('c.change_xid', '>=', trx.raw('?::xid8', [from.since]))
            .orderBy('c.id')
            .select(cardColumns(trx, kiosk))
        : await carriedCards(trx, kiosk)
            .where('c.id', '>', from.after)
            .orderBy('c.id')
            .limit(pageCards)
            .select(cardColumns(trx, kiosk))
    const more = from.kind === 'first' && cards.length === pageCards
    if (wanted.length > 0) {
      const sent = new Set(cards.map((c) => c.id))
      const asked: CardSnapshotRow[] = await trx('cards as c')
        .join('customers as cu', 'cu.id', 'c.customer_id')
        .where('c.merchant_id', kiosk.merchantId)
        .whereIn('c.number', [...wanted])
        .select(cardColumns(trx, kiosk))
      cards.push(...asked.filter((c) => !sent.has(c.id)))
    }
    const programmes: ProgrammeSnapshotRow[] = await trx('programmes')
      .where('merchant_id', kiosk.merchantId)
      .whereIn('status', ['active', 'paused'])
      .select(
        'id',
        'type',
        'name',
        'status',
        'points_per_currency_unit',
        'stamps_required',
        'welcome_bonus',
        'cooldown_minutes',
        'daily_cap',
      )
    const rewards: RewardSnapshotRow[] = await trx('rewards')
      .where('merchant_id', kiosk.merchantId)
      .orderBy(['position', 'cost'])
      .select('id', 'programme_id', 'name', 'cost', 'active')
    const categories: CategorySnapshotRow[] = await trx('transaction_categories')
      .where('merchant_id', kiosk.merchantId)
      .andWhere((q) => q.whereNull('store_id').orWhere('store_id', kiosk.storeId))
      .orderBy('position')
      .select('id', 'code', 'name', 'active')
    const staff: StaffSnapshotRow[] = await trx('staff as st')
      .join('staff_stores as ss', 'ss.staff_id', 'st.id')
      .where({ 'ss.store_id': kiosk.storeId, 'st.active': true })
      .orderBy('st.name')
      .select(
        'st.id',
        'st.name',
        'st.pin_hash',
        'st.pin_changed_at',
        trx.raw('st.pin_locked_at IS NOT NULL AS locked'),
      )
    const status = (await trx('kiosks').where('id', kiosk.kioskId).first('status')).status
    const cardNumbers = await reserveCardNumbers(
      trx,
      { id: kiosk.kioskId, merchantId: kiosk.merchantId },
      settings.offline_card_numbers,
    )
    return {
      changes: {
        cards: cards.map(presentCardSnapshot),
        programmes: programmes.map(presentProgrammeSnapshot),
        rewards: rewards.map(presentRewardSnapshot),
        categories: categories.map(presentCategorySnapshot),
        staff: staff.map(presentStaffSnapshot),
        card_numbers: cardNumbers,
        kiosk: presentKioskSnapshot(status, settings),
      },
      cursor:
        from.kind === 'changes'
          ? (xmin as string)
          : more
            ? `first:${from.xmin}:${cards[pageCards - 1]!.id}`
            : from.xmin,
      more,
    }
  })
