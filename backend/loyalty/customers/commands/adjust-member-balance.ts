import type { Knex } from 'knex'
import { AppError } from '../../../errors.ts'
import { authorizeOnMember } from '../../../policies/customers.ts'
import type { Principal } from '../../../policies/principal.ts'
import { actingOn } from '../../../policies/scope.ts'
import { adjustBalance } from '../../commands/adjust-balance.ts'
import { loadCustomerSettings } from '../customer-settings.ts'
import { findMember } from '../customer-queries.ts'

/**
 * A merchant user corrects a member's balance (± points or stamps, with a reason): the ledger's
 * adjust entry and its audit row in one transaction (adjustBalance). A manager may move at most
 * the owner's limit (Settings: manager_adjustment_limit) in one adjustment; the owner and the API
 * key have none. Beyond it: VALIDATION_FAILED on `delta` (`over_limit`).
 */
export const adjustMemberBalance = async (
  db: Knex,
  props: {
    principal: Principal
    number: string
    clientId: string
    delta: number
    reason: string
    requestId?: string | undefined
  },
) => {
  const { merchantId, actor } = actingOn(props.principal)
  const member = await findMember(db, merchantId, { number: props.number })
  authorizeOnMember(props.principal, 'customer.adjust', member)
  if (props.principal.kind === 'merchant_user' && props.principal.role !== 'owner') {
    const { manager_adjustment_limit: limit } = await loadCustomerSettings(db, merchantId)
    if (Math.abs(props.delta) > limit)
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'delta', code: 'over_limit' }],
      })
  }
  const programme = await db('programmes as p')
    .join('cards as c', 'c.programme_id', 'p.id')
    .where('c.id', member.cardId)
    .first<{ type: 'points' | 'stamps' }>('p.type')
  return adjustBalance(db, {
    merchantId,
    cardNumber: member.cardNumber,
    clientId: props.clientId,
    pointsDelta: programme.type === 'points' ? props.delta : 0,
    stampsDelta: programme.type === 'stamps' ? props.delta : 0,
    reason: props.reason,
    actor,
    requestId: props.requestId,
  })
}
