import type { Queryable } from '../../db/transaction.ts'
import type { Actor } from '../../auth/actor.ts'
import { recordMovement } from '../ledger.ts'
import { recordAudit } from '../../audit/record-audit.ts'
import { assertCardUsable } from './movement-guards.ts'

export type AdjustBalanceProps = {
  merchantId: string
  cardNumber: string
  storeCode?: string | undefined
  clientId: string
  pointsDelta: number
  stampsDelta: number
  reason: string
  actor: Actor
  requestId?: string | undefined
}

/** A manual correction with a mandatory reason; never below zero; audited. */
export const adjustBalance = (db: Queryable, props: AdjustBalanceProps) =>
  recordMovement(db, {
    merchantId: props.merchantId,
    card: { number: props.cardNumber },
    storeCode: props.storeCode ?? null,
    clientId: props.clientId,
    actor: props.actor,
    operation: 'adjust',
    payload: {
      points_delta: props.pointsDelta,
      stamps_delta: props.stampsDelta,
      reason: props.reason,
    },
    plan: (context) => {
      assertCardUsable(context)
      return {
        type: 'adjust',
        pointsDelta: props.pointsDelta,
        stampsDelta: props.stampsDelta,
        reason: props.reason,
      }
    },
    after: (entry, context, tx) =>
      recordAudit(tx, {
        actor: props.actor,
        merchantId: props.merchantId,
        action: 'ledger.adjust',
        subjectType: 'card',
        subjectId: context.card.id,
        data: {
          entry_id: entry.id,
          points_delta: props.pointsDelta,
          stamps_delta: props.stampsDelta,
          reason: props.reason,
        },
        requestId: props.requestId,
      }),
  })
