import type { Knex } from 'knex'
import { exportCustomerData } from '../../../accounts/queries/export-customer-data.ts'
import { recordAudit } from '../../../audit/record-audit.ts'
import { authorizeOnMember } from '../../../policies/customers.ts'
import type { Principal } from '../../../policies/principal.ts'
import { actingOn } from '../../../policies/scope.ts'
import { findMember } from '../customer-queries.ts'

/**
 * Everything held about a member (the same export the member downloads from their account),
 * for the merchant answering a request of access; who exported it is audited.
 */
export const exportMemberData = async (
  db: Knex,
  props: { principal: Principal; number: string; requestId?: string | undefined },
) => {
  const { merchantId, actor } = actingOn(props.principal)
  const member = await findMember(db, merchantId, { number: props.number })
  authorizeOnMember(props.principal, 'customer.export', member)
  const data = await exportCustomerData(db, { merchantId, customerId: member.customerId })
  await recordAudit(db, {
    actor,
    merchantId,
    action: 'customer.export',
    subjectType: 'customer',
    subjectId: member.customerId,
    data: { card_id: member.cardId },
    requestId: props.requestId,
  })
  return data
}
