import type { KioskStore } from '../store/kiosk-store.ts'
import type { SnapshotKind } from '../store/snapshots.ts'
import type { SyncResult } from '../../../shared/schemas/kiosk-api.ts'

export const META = {
  cursor: 'sync.cursor',
  lastSyncAt: 'sync.last_sync_at',
  cardNumbers: 'sync.card_numbers',
  kiosk: 'sync.kiosk',
} as const

const replaceKind = (store: KioskStore, kind: SnapshotKind, rows: { id: unknown }[]) => {
  const keep = new Set(rows.map((r) => String(r.id)))
  for (const existing of store.listSnapshot<{ id: string }>(kind)) {
    if (!keep.has(existing.id)) store.deleteSnapshot(kind, existing.id)
  }
  store.putSnapshot(
    kind,
    rows.map((row) => ({ id: String(row.id), data: row })),
  )
}

/** Writes a sync answer into the store, in one transaction: results, snapshots, cursor. */
export const applySyncResult = (
  store: KioskStore,
  sent: readonly string[],
  result: SyncResult,
  at: Date,
) =>
  store.transaction(() => {
    const byId = new Map(result.results.map((r) => [r.client_id, r]))
    const answered = sent.filter((id) => byId.has(id))
    store.markSent(
      answered,
      answered.map((id) => byId.get(id)),
    )
    store.putSnapshot(
      'cards',
      result.changes.cards.map((card) => ({ id: card.number, data: card })),
    )
    replaceKind(store, 'programmes', result.changes.programmes as { id: unknown }[])
    replaceKind(store, 'rewards', result.changes.rewards as { id: unknown }[])
    replaceKind(store, 'categories', result.changes.categories as { id: unknown }[])
    replaceKind(store, 'staff', result.changes.staff)
    store.setMeta(META.cardNumbers, result.changes.card_numbers)
    store.setMeta(META.kiosk, result.changes.kiosk)
    store.setMeta(META.cursor, result.cursor)
    store.setMeta(META.lastSyncAt, at.toISOString())
  })
