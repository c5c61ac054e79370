import type { Knex } from 'knex'
import { audited } from '../../../audit/audited.ts'
import { actingOn } from '../../../policies/scope.ts'
import { authorizeOnMember } from '../../../policies/customers.ts'
import type { Principal } from '../../../policies/principal.ts'
import { findMember } from '../customer-queries.ts'
import { refreshWalletPasses } from '../../../wallet/refresh-passes.ts'
import { queueWebhookEvent } from '../../../webhooks/queue-webhooks.ts'

export type SetCardBlockedProps = {
  principal: Principal
  number: string
  blocked: boolean
  reason?: string | undefined
}

const change = audited(
  'card.block',
  async (trx: Knex.Transaction, props: SetCardBlockedProps & ReturnType<typeof actingOn>) => {
    const member = await findMember(trx, props.merchantId, { number: props.number })
    authorizeOnMember(props.principal, 'customer.block', member)
    const card = await trx('cards')
      .where('id', member.cardId)
      .forUpdate()
      .first<{ status: 'active' | 'blocked' }>('status')
    const status = props.blocked ? 'blocked' : 'active'
    // The update bumps the card's change_xid (trigger): kiosks pull it at their next sync.
    if (card.status !== status) {
      await trx('cards').where('id', member.cardId).update({ status, updated_at: trx.fn.now() })
      // Its wallet passes expire or are voided (and come back), in this transaction.
      await refreshWalletPasses(trx, props.merchantId, [member.cardId])
    }
    if (card.status !== status && props.blocked)
      await queueWebhookEvent(trx, {
        merchantId: props.merchantId,
        event: 'card.blocked',
        data: {
          card_id: member.cardId,
          card_number: member.cardNumber,
          reason: props.reason ?? null,
        },
      })
    return {
      value: { number: member.cardNumber, status },
      subjectType: 'card',
      subjectId: member.cardId,
      before: { status: card.status },
      after: { status, ...(props.reason ? { reason: props.reason } : {}) },
    }
  },
)

/**
 * Blocks or unblocks a card, audited with the reason. A blocked card neither earns nor redeems
 * (shared/eligibility.ts, on the server and offline on the kiosks, which learn the status with
 * the cards of their next pull); the storefront tells its member. Blocking a blocked card
 * changes nothing and is still recorded (who tried, why).
 */
export const setCardBlocked = (db: Knex, props: SetCardBlockedProps) =>
  change(db, { ...props, ...actingOn(props.principal) })
