import { z } from 'zod'
import { MovementResult } from './loyalty-api.ts'

// What the server answers for each operation a kiosk pushes (SyncResult `results`), one shape
// per operation type. backend/kiosks/apply-operation.ts produces them; the kiosk parses every
// sync answer with them before it records or shows anything.

/**
 * An earning, stamp or redemption: the ledger entry and the card's balances right after it.
 * `remapped_from`: the kiosk's card number was an offline enrollment of someone who was a
 * member already, and the movement went to the member's card.
 */
export const MovementAnswer = MovementResult.extend({ remapped_from: z.string().optional() })

/** A reversal (an undo): the compensating entry and the balances after it. */
export const ReversalAnswer = MovementResult

/** An enrollment: the card the customer has now (a member already keeps theirs). */
export const EnrollmentAnswer = z.object({
  card_number: z.string(),
  already_member: z.boolean(),
  welcome_bonus: z.number().int(),
  points_balance: z.number().int(),
  stamps_balance: z.number().int(),
})

/** A reported PIN failure: whether the staff member's PIN is now locked everywhere. */
export const PinFailureAnswer = z.object({ locked: z.boolean() })

/**
 * A reported correct PIN: whether it reset the staff member's failure count (not when the PIN
 * is locked — only the merchant lifts a lock — nor when a later reset already counts), and
 * whether the PIN is locked.
 */
export const PinOkAnswer = z.object({ reset: z.boolean(), locked: z.boolean() })

export const HeartbeatAnswer = z.object({})

export const OPERATION_ANSWERS = {
  enroll: EnrollmentAnswer,
  earn: MovementAnswer,
  stamp: MovementAnswer,
  redeem: MovementAnswer,
  reverse: ReversalAnswer,
  pin_failed: PinFailureAnswer,
  pin_ok: PinOkAnswer,
  heartbeat: HeartbeatAnswer,
} as const satisfies Record<string, z.ZodType>

/** The kiosk's operation types (kiosk-api.ts checks that its operations are exactly these). */
export type KioskOperationType = keyof typeof OPERATION_ANSWERS

/** What the server recorded for an operation of type T. */
export type OperationAnswer<T extends KioskOperationType = KioskOperationType> = z.output<
  (typeof OPERATION_ANSWERS)[T]
>

/**
 * An operation type with the server's record of it, as the backend builds it: the part of an
 * OperationResult that depends on the type (null when refused).
 */
export type AnsweredOperation = {
  [T in KioskOperationType]: { type: T; result: z.input<(typeof OPERATION_ANSWERS)[T]> | null }
}[KioskOperationType]

export const OperationOutcome = z.enum(['applied', 'duplicate', 'rejected', 'review'])
export type OperationOutcome = z.infer<typeof OperationOutcome>

export const OperationError = z.object({
  code: z.string(),
  details: z.record(z.string(), z.unknown()),
})

const answerTo = <T extends KioskOperationType, A extends z.ZodType>(type: T, answer: A) =>
  z.object({
    client_id: z.uuid(),
    type: z.literal(type),
    outcome: OperationOutcome,
    /** For applied/duplicate: what the server recorded (entry and balances after). */
    result: answer.nullable(),
    /** For rejected and review (and a duplicate of either): why. */
    error: OperationError.nullable(),
  })

/** The server's answer to one pushed operation, by operation type. */
export const OperationResult = z.discriminatedUnion('type', [
  answerTo('enroll', EnrollmentAnswer),
  answerTo('earn', MovementAnswer),
  answerTo('stamp', MovementAnswer),
  answerTo('redeem', MovementAnswer),
  answerTo('reverse', ReversalAnswer),
  answerTo('pin_failed', PinFailureAnswer),
  answerTo('pin_ok', PinOkAnswer),
  answerTo('heartbeat', HeartbeatAnswer),
])
export type OperationResult = z.infer<typeof OperationResult>

/** What a redemption applied from review could not take from the balance (the write-off). */
export const WriteOff = z.object({ points: z.number().int(), stamps: z.number().int() })
export type WriteOff = z.infer<typeof WriteOff>

/** How the merchant decided an operation that waited for review. */
export const ReviewDecision = z.enum(['applied', 'dismissed'])
export type ReviewDecision = z.infer<typeof ReviewDecision>

/**
 * What a kiosk learns at a sync about its operations that waited for review: the merchant's
 * decision (SyncResult `review_outcomes`: the kiosk's items decided in the last week).
 */
export const ReviewOutcome = z.object({
  client_id: z.uuid(),
  type: z.string(),
  card_number: z.string().nullable(),
  decision: ReviewDecision,
  reason: z.string().nullable(),
  decided_at: z.string(),
  write_off: WriteOff.nullable(),
})
export type ReviewOutcome = z.infer<typeof ReviewOutcome>
