import { z } from 'zod'
import { CalendarDateSchema, ClientIdSchema, IsoDateTimeSchema, LanguageSchema } from './common.ts'
import { CARD_NUMBER_LENGTH } from '../card-number.ts'
import {
  CardSnapshot,
  CategorySnapshot,
  KioskSnapshot,
  ProgrammeSnapshot,
  RewardSnapshot,
  StaffSnapshot,
} from './kiosk-snapshots.ts'
import type { OPERATION_ANSWERS } from './kiosk-answers.ts'
import { OperationResult, ReviewOutcome } from './kiosk-answers.ts'

// The contract between a kiosk and the backend: pairing, and one sync endpoint that pushes the
// kiosk's outbox and pulls what changed. Used by backend/kiosks and electron/core/sync.

/** 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). */
export const PAIRING_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679'
export const PAIRING_CODE_LENGTH = 8

export const PairingCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .transform((v) => v.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(new RegExp(`^[${PAIRING_ALPHABET}]{${PAIRING_CODE_LENGTH}}$`)))

/** A pairing code as a person reads and types it: `XXXX-XXXX` (PairingCodeSchema takes both). */
export const formatPairingCode = (code: string) =>
  `${code.slice(0, PAIRING_CODE_LENGTH / 2)}-${code.slice(PAIRING_CODE_LENGTH / 2)}`

export const PairBody = z.strictObject({
  code: PairingCodeSchema,
  app_version: z.string().max(40),
  device_name: z.string().max(100).optional(),
})
export type PairBody = z.infer<typeof PairBody>

export const PairResult = z.object({
  kiosk_id: z.uuid(),
  /** The device credential: shown once, kept by the kiosk, only its hash on the server. */
  credential: z.string(),
  merchant_id: z.uuid(),
  store: z.object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    timezone: z.string(),
    currency: z.string(),
  }),
})
export type PairResult = z.infer<typeof PairResult>

const CardNumber = z.string().regex(new RegExp(`^[0-9]{${CARD_NUMBER_LENGTH}}$`))

const OperationBase = {
  client_id: ClientIdSchema,
  occurred_at: IsoDateTimeSchema,
  /** The kiosk applied it locally without the server (offline): never dropped, review on refusal. */
  decided_offline: z.boolean().default(false),
  staff_id: z.uuid().nullable().default(null),
}

export const KioskOperation = z.discriminatedUnion('type', [
  z.strictObject({
    ...OperationBase,
    type: z.literal('enroll'),
    payload: z.strictObject({
      card_number: CardNumber,
      email: z.email(),
      name: z.string().trim().min(1).max(200),
      phone: z.string().trim().max(24).optional(),
      birthday: CalendarDateSchema.optional(),
      preferred_language: LanguageSchema.optional(),
      marketing_consent: z.boolean().default(false),
    }),
  }),
  z.strictObject({
    ...OperationBase,
    type: z.literal('earn'),
    payload: z.strictObject({
      card_number: CardNumber,
      amount_cents: z.number().int().min(0).max(100_000_000),
      category_id: z.uuid().optional(),
    }),
  }),
  z.strictObject({
    ...OperationBase,
    type: z.literal('stamp'),
    payload: z.strictObject({
      card_number: CardNumber,
      count: z.number().int().min(1).max(100).default(1),
      category_id: z.uuid().optional(),
    }),
  }),
  z.strictObject({
    ...OperationBase,
    type: z.literal('redeem'),
    payload: z.strictObject({ card_number: CardNumber, reward_id: z.uuid() }),
  }),
  z.strictObject({
    ...OperationBase,
    type: z.literal('reverse'),
    payload: z.strictObject({
      /** The client id of the operation to undo (the kiosk may not know the entry id yet). */
      target_client_id: ClientIdSchema,
      reason: z.string().trim().min(3).max(500),
    }),
  }),
  z.strictObject({
    ...OperationBase,
    type: z.literal('pin_failed'),
    payload: z.strictObject({ consecutive_failures: z.number().int().min(1) }),
  }),
  /** A correct PIN (staff_id set): the server's failure count restarts from then, unless locked. */
  z.strictObject({
    ...OperationBase,
    type: z.literal('pin_ok'),
    staff_id: z.uuid(),
    payload: z.strictObject({}),
  }),
  z.strictObject({ ...OperationBase, type: z.literal('heartbeat'), payload: z.strictObject({}) }),
])
export type KioskOperation = z.infer<typeof KioskOperation>
export type KioskOperationType = KioskOperation['type']

/** Every operation has an answer schema, and every answer schema an operation. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _operationsAnswered: Same<KioskOperationType, keyof typeof OPERATION_ANSWERS> = true

export const MAX_OPERATIONS_PER_SYNC = 500

/** How many card numbers a kiosk may ask for by name in one sync (cards it was shown but lacks). */
export const MAX_CARDS_WANTED = 20

export const SyncBody = z.strictObject({
  /** Opaque: what the previous answer gave (a first sync in pages carries its position). */
  cursor: z.string().max(100).nullable(),
  device_time: IsoDateTimeSchema,
  app_version: z.string().max(40),
  queue_length: z.number().int().min(0),
  operations: z.array(KioskOperation).max(MAX_OPERATIONS_PER_SYNC),
  /**
   * When the oldest operation the kiosk still holds after this batch happened (its own clock);
   * null or absent: nothing else waits. The merchant's Kiosks page shows its age.
   */
  oldest_pending_at: IsoDateTimeSchema.nullable().optional(),
  /**
   * Card numbers scanned at this kiosk that its copy lacks (a member not seen in the snapshot's
   * window): the answer carries them, and their changes from then on.
   */
  cards_wanted: z.array(z.string().max(40)).max(MAX_CARDS_WANTED).optional(),
})
export type SyncBody = z.infer<typeof SyncBody>

export const SyncResult = z.object({
  /** One per pushed operation, by type (shared/schemas/kiosk-answers.ts). */
  results: z.array(OperationResult),
  changes: z.object({
    /**
     * Cards changed since the cursor, among those the kiosk carries: seen at one of the
     * merchant's stores in the last 90 days or enrolled at the kiosk's store (on the first sync,
     * a page of them), and the cards it asked for (docs/architecture.md, Kiosks at scale).
     */
    cards: z.array(CardSnapshot),
    /** Small sets, sent whole every time: replace the kiosk's copy. */
    programmes: z.array(ProgrammeSnapshot),
    rewards: z.array(RewardSnapshot),
    categories: z.array(CategorySnapshot),
    staff: z.array(StaffSnapshot),
    /** The kiosk's reserved card numbers for offline enrollments. */
    card_numbers: z.array(z.string()),
    kiosk: KioskSnapshot,
  }),
  /** The merchant's decisions on this kiosk's operations that waited for review (last week). */
  review_outcomes: z.array(ReviewOutcome).default([]),
  cursor: z.string(),
  /** More of the first sync's cards wait: sync again at once with the new cursor. */
  more: z.boolean().default(false),
  server_time: z.string(),
})
export type SyncResult = z.infer<typeof SyncResult>
