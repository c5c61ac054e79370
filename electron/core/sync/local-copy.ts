import { z } from 'zod'
import {
  CardSnapshot,
  CategorySnapshot,
  KioskSnapshot,
  ProgrammeSnapshot,
  RewardSnapshot,
  type OfflineLimits,
} from '../../../shared/schemas/kiosk-snapshots.ts'
import { ReviewOutcome } from '../../../shared/schemas/kiosk-answers.ts'
import type { ReviewOutcomeView } from '../../../shared/kiosk-bridge.ts'
import type { KioskStore } from '../store/kiosk-store.ts'
import type { SnapshotKind } from '../store/snapshots.ts'
import { META } from './apply-changes.ts'

// The kiosk's copy of the server's data, read back with the shared schemas it was pulled with
// (apply-changes.ts writes only parsed sync answers): typed values, never a cast of stored JSON.

/**
 * A card as the kiosk keeps it: pulled from the server, or made up by an offline enrollment
 * (`provisional`, id `provisional:<number>`) until the server answers.
 */
export const LocalCard = CardSnapshot.extend({
  id: z.string(),
  provisional: z.boolean().optional(),
})
export type LocalCard = z.infer<typeof LocalCard>

/** The kiosk's copy does not have the shape it was written with (a bug, or a damaged store). */
export class LocalCopyError extends Error {
  constructor(where: string, error: z.ZodError) {
    super(`the kiosk's copy of ${where} is malformed: ${z.prettifyError(error)}`)
    this.name = 'LocalCopyError'
  }
}

const parsed = <S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> => {
  const result = schema.safeParse(value)
  if (!result.success) throw new LocalCopyError(where, result.error)
  return result.data
}

const listOf = <S extends z.ZodType>(store: KioskStore, kind: SnapshotKind, schema: S) =>
  store.listSnapshot(kind).map((row, index) => parsed(schema, row, `${kind}[${index}]`))

export const localCard = (store: KioskStore, number: string): LocalCard | null => {
  const row = store.getSnapshot('cards', number)
  return row === null ? null : parsed(LocalCard, row, `cards/${number}`)
}

export const localProgrammes = (store: KioskStore): ProgrammeSnapshot[] =>
  listOf(store, 'programmes', ProgrammeSnapshot)

export const localRewards = (store: KioskStore): RewardSnapshot[] =>
  listOf(store, 'rewards', RewardSnapshot)

export const localCategories = (store: KioskStore): CategorySnapshot[] =>
  listOf(store, 'categories', CategorySnapshot)

/** The kiosk status as kept: one pulled before the server sent an idle lock has none. */
const StoredKiosk = KioskSnapshot.partial({ idle_lock_minutes: true })

const localKiosk = (store: KioskStore) => {
  const kiosk = store.getMeta(META.kiosk)
  return kiosk === null ? null : parsed(StoredKiosk, kiosk, 'the kiosk status')
}

/** The merchant's offline limits as last pulled; none before the first pull. */
export const localOfflineLimits = (store: KioskStore): OfflineLimits =>
  localKiosk(store)?.offline_limits ?? {
    max_offline_minutes_for_redemptions: 0,
    max_offline_redemption_points: 0,
  }

/** The merchant's longest idle time before a kiosk locks, as last pulled; null before. */
export const localIdleLockMaxMinutes = (store: KioskStore): number | null =>
  localKiosk(store)?.idle_lock_minutes ?? null

/** The card numbers reserved for this kiosk's offline enrollments. */
export const reservedCardNumbers = (store: KioskStore): string[] =>
  parsed(z.array(z.string()).nullable(), store.getMeta(META.cardNumbers), 'card numbers') ?? []

/** When the last sync succeeded (ISO), null before the first. */
export const lastSyncAt = (store: Pick<KioskStore, 'getMeta'>): string | null =>
  parsed(z.string().nullable(), store.getMeta(META.lastSyncAt), 'the last sync time')

/** The pull cursor (the server's, opaque), null before the first pull. */
export const syncCursor = (store: Pick<KioskStore, 'getMeta'>): string | null =>
  parsed(z.string().nullable(), store.getMeta(META.cursor), 'the sync cursor')

/**
 * The merchant's decisions on this kiosk's operations that waited for review, as last pulled
 * (newest first; none before a server sent them), as the status shows them.
 */
export const localReviewOutcomes = (store: Pick<KioskStore, 'getMeta'>): ReviewOutcomeView[] =>
  (
    parsed(
      z.array(ReviewOutcome).nullable(),
      store.getMeta(META.reviewOutcomes),
      'the review outcomes',
    ) ?? []
  ).map((outcome) => ({
    clientId: outcome.client_id,
    type: outcome.type,
    cardNumber: outcome.card_number,
    decision: outcome.decision,
    reason: outcome.reason,
    decidedAt: outcome.decided_at,
    writeOff: outcome.write_off,
  }))
