import type { Knex } from 'knex'
import { AppError } from '../../../errors.ts'
import { authorizeOnMember } from '../../../policies/customers.ts'
import type { Principal } from '../../../policies/principal.ts'
import { actingOn } from '../../../policies/scope.ts'
import { reverseEntry } from '../../commands/reverse-entry.ts'
import { findMember } from '../customer-queries.ts'

/**
 * A merchant user reverses one entry of a member's card (with a reason), through the ledger's
 * reverseEntry: a compensating entry, audited, once only (ALREADY_REVERSED).
 */
export const reverseMemberEntry = async (
  db: Knex,
  props: {
    principal: Principal
    number: string
    entryId: string
    clientId: string
    reason: string
    requestId?: string | undefined
  },
) => {
  const { merchantId, actor } = actingOn(props.principal)
  const member = await findMember(db, merchantId, { number: props.number })
  authorizeOnMember(props.principal, 'customer.reverse', member)
  const entry = await db('ledger_entries')
    .where({ id: props.entryId, card_id: member.cardId })
    .first('id')
  if (!entry) throw new AppError('ENTRY_NOT_FOUND')
  return reverseEntry(db, {
    merchantId,
    entryId: props.entryId,
    clientId: props.clientId,
    reason: props.reason,
    actor,
    requestId: props.requestId,
  })
}
