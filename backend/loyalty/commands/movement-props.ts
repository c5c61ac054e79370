import type { Actor } from '../../auth/actor.ts'
import type { HeldCards } from '../ledger.ts'

/** What every cashier movement (earn, stamp, redeem) carries. */
export type MovementProps = {
  merchantId: string
  cardNumber: string
  storeCode: string
  clientId: string
  occurredAt?: Date | undefined
  reason?: string | undefined
  staffId?: string | undefined
  deviceId?: string | undefined
  actor: Actor
  /** Cards the caller's transaction holds (a kiosk sync lane): see HeldCards. */
  held?: HeldCards | undefined
}

/** The shared part of a ledger request; `payload` is what else makes the request unique. */
export const movementRequest = (
  props: MovementProps,
  operation: string,
  payload: Record<string, unknown>,
) => ({
  merchantId: props.merchantId,
  card: { number: props.cardNumber },
  storeCode: props.storeCode,
  clientId: props.clientId,
  occurredAt: props.occurredAt,
  actor: props.actor,
  staffId: props.staffId ?? null,
  deviceId: props.deviceId ?? null,
  operation,
  payload: { ...payload, reason: props.reason },
  held: props.held,
})
