import type { EarnKind } from './earning-rules.ts'

// Whether a card may move at all, and whether its programme takes this movement. The server
// checks these under the card's row lock (backend/loyalty/commands/movement-guards.ts) and the
// kiosk before it queues an operation (shared/offline-decisions.ts): the same refusal, with the
// same code, in the same order, on both sides.

export type CardState = { status: 'active' | 'blocked' }
export type ProgrammeState = { type: EarnKind; status: 'draft' | 'active' | 'paused' }

export type Ineligible =
  | { ok: false; code: 'CARD_BLOCKED' | 'PROGRAM_INACTIVE' }
  | {
      ok: false
      code: 'PROGRAM_TYPE_MISMATCH'
      details: { expected: EarnKind; actual: EarnKind }
    }
export type Eligibility = { ok: true } | Ineligible

const ELIGIBLE: Eligibility = { ok: true }

/** A blocked card moves no balance: no earning, no redemption, no adjustment. */
export const checkCardUsable = (card: CardState): Eligibility =>
  card.status === 'active' ? ELIGIBLE : { ok: false, code: 'CARD_BLOCKED' }

/** An earning needs a usable card and an active programme of its kind (points or stamps). */
export const checkCanEarn = (
  card: CardState,
  programme: ProgrammeState,
  kind: EarnKind,
): Eligibility => {
  const usable = checkCardUsable(card)
  if (!usable.ok) return usable
  if (programme.status !== 'active') return { ok: false, code: 'PROGRAM_INACTIVE' }
  if (programme.type !== kind) {
    return {
      ok: false,
      code: 'PROGRAM_TYPE_MISMATCH',
      details: { expected: kind, actual: programme.type },
    }
  }
  return ELIGIBLE
}

/**
 * A redemption needs a usable card and a programme that went live: a paused programme still
 * redeems (customers keep what they earned), a draft one does not.
 */
export const checkCanRedeem = (card: CardState, programme: ProgrammeState): Eligibility => {
  const usable = checkCardUsable(card)
  if (!usable.ok) return usable
  if (programme.status === 'draft') return { ok: false, code: 'PROGRAM_INACTIVE' }
  return ELIGIBLE
}
