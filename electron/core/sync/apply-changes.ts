import type { KioskStore } from '../store/kiosk-store.ts'
import type { SnapshotKind } from '../store/snapshots.ts'
import { z } from 'zod'
import type { SyncResult } from '../../../shared/schemas/kiosk-api.ts'
import type { OperationResult } from '../../../shared/schemas/kiosk-answers.ts'
import { KIOSK_CARD_WINDOW_DAYS } from '../../../shared/schemas/kiosk-snapshots.ts'

export const META = {
  pairing: 'kiosk.pairing',
  cursor: 'sync.cursor',
  lastSyncAt: 'sync.last_sync_at',
  cardNumbers: 'sync.card_numbers',
  kiosk: 'sync.kiosk',
  reviewOutcomes: 'sync.review_outcomes',
  cardsPrunedAt: 'sync.cards_pruned_at',
} as const

/**
 * How often a sync drops the cards that left the window: one pass over the copy (≈ 0.1–0.3 s for
 * 500,000 cards), so once a day rather than every 15 seconds; a card a day late costs nothing.
 */
export const PRUNE_CARDS_EVERY_MS = 24 * 3_600_000

/** Replaces the kiosk's copy of a small set sent whole: rows the server no longer sends go. */
const replaceKind = (store: KioskStore, kind: SnapshotKind, rows: readonly { id: string }[]) => {
  const keep = new Set(rows.map((row) => row.id))
  for (const id of store.snapshotIds(kind)) if (!keep.has(id)) store.deleteSnapshot(kind, id)
  store.putSnapshot(
    kind,
    rows.map((row) => ({ id: row.id, data: row })),
  )
}

/** How long answered operations stay in the outbox (undo and the result screen read them). */
export const KEEP_SENT_MS = 7 * 24 * 3_600_000

type SentOperation = { clientId: string; type: string; payload: unknown }

/** The card number an enrollment in the outbox asked for (the rest of it does not matter here). */
const QueuedEnrollment = z.object({ payload: z.object({ card_number: z.string() }) })

/**
 * A card the kiosk made up when it enrolled someone offline, once the server has answered: the
 * pulled card replaces it, or, for someone who was a member already, it goes (the server sends
 * the kiosk's later operations on that number to the member's card).
 */
const provisionalCardToDrop = (op: SentOperation, answer: OperationResult) => {
  if (op.type !== 'enroll' || answer.type !== 'enroll') return null
  const queued = QueuedEnrollment.safeParse(op.payload)
  if (!queued.success) return null
  const requested = queued.data.payload.card_number
  return answer.result?.card_number === requested ? null : requested
}

/**
 * Writes a sync answer into the store, in one transaction: results, snapshots, cursor; prunes
 * answered operations older than a week.
 */
export const applySyncResult = (
  store: KioskStore,
  sent: readonly SentOperation[],
  result: SyncResult,
  at: Date,
) =>
  store.transaction(() => {
    const byId = new Map(result.results.map((r) => [r.client_id, r]))
    const answered = sent.filter((op) => byId.has(op.clientId))
    store.markSent(
      answered.map((op) => op.clientId),
      answered.map((op) => byId.get(op.clientId)),
    )
    for (const op of answered) {
      const drop = provisionalCardToDrop(op, byId.get(op.clientId)!)
      if (drop) store.deleteSnapshot('cards', drop)
    }
    store.pruneSent(new Date(at.getTime() - KEEP_SENT_MS))
    store.putSnapshot(
      'cards',
      result.changes.cards.map((card) => ({ id: card.number, data: card })),
    )
    replaceKind(store, 'programmes', result.changes.programmes)
    replaceKind(store, 'rewards', result.changes.rewards)
    replaceKind(store, 'categories', result.changes.categories)
    replaceKind(store, 'staff', result.changes.staff)
    store.setMeta(META.cardNumbers, result.changes.card_numbers)
    store.setMeta(META.kiosk, result.changes.kiosk)
    // The merchant's decisions on this kiosk's operations that waited for review: sent whole.
    store.setMeta(META.reviewOutcomes, result.review_outcomes)
    store.setMeta(META.cursor, result.cursor)
    store.setMeta(META.lastSyncAt, at.toISOString())
    // Cards that left the window get no more changes (decision 85): the kiosk drops them, by
    // its own clock, after a complete copy (decision 93). Scanned again, they are fetched.
    const prunedAt = store.getMeta<string>(META.cardsPrunedAt)
    if (
      !result.more &&
      (!prunedAt || at.getTime() - Date.parse(prunedAt) >= PRUNE_CARDS_EVERY_MS)
    ) {
      store.pruneCards(new Date(at.getTime() - KIOSK_CARD_WINDOW_DAYS * 86_400_000))
      store.setMeta(META.cardsPrunedAt, at.toISOString())
    }
  })
