import type { OperationOutcome } from '../../../shared/kiosk-bridge.ts'
import type { OperationResult } from '../../../shared/schemas/kiosk-answers.ts'
import type { Outcome } from '../operations/kiosk-operations.ts'
import { BridgeFailure } from './dispatch-bridge.ts'

type Effect = Pick<OperationOutcome, 'points' | 'stamps' | 'cardNumber'>

/** What the server's answer did to the card, by the operation's type. */
const appliedEffect = (answer: OperationResult): Effect => {
  switch (answer.type) {
    case 'earn':
    case 'stamp':
    case 'redeem':
    case 'reverse':
      return {
        points: answer.result?.entry.points_delta ?? 0,
        stamps: answer.result?.entry.stamps_delta ?? 0,
        cardNumber: answer.result?.card.number ?? null,
      }
    case 'enroll':
      return { points: 0, stamps: 0, cardNumber: answer.result?.card_number ?? null }
    case 'pin_failed':
    case 'pin_ok':
    case 'heartbeat':
      return { points: 0, stamps: 0, cardNumber: null }
  }
}

/**
 * What the result screen shows of a cashier operation: applied (the server's answer), queued
 * (the kiosk's own decision) or kept for review. A refusal, by the kiosk's rules or the
 * server's, is no outcome but a BridgeFailure with its code.
 */
export const presentOperationOutcome = (outcome: Outcome): OperationOutcome => {
  switch (outcome.status) {
    case 'refused':
      throw new BridgeFailure(outcome.code, outcome.details)
    case 'queued':
      return {
        clientId: outcome.clientId,
        occurredAt: outcome.occurredAt,
        status: 'queued',
        points: outcome.local.points,
        stamps: outcome.local.stamps,
        cardNumber: outcome.local.cardNumber,
        review: null,
      }
    case 'review':
      return {
        clientId: outcome.clientId,
        occurredAt: outcome.occurredAt,
        status: 'review',
        points: 0,
        stamps: 0,
        cardNumber: null,
        review: { code: outcome.code, details: outcome.details },
      }
    case 'applied':
      return {
        clientId: outcome.clientId,
        occurredAt: outcome.occurredAt,
        status: 'applied',
        ...appliedEffect(outcome.answer),
        review: null,
      }
  }
}
