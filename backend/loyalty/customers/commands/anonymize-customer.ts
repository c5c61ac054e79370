import type { Knex } from 'knex'
import { deleteCustomerAccount } from '../../../accounts/commands/delete-customer-account.ts'
import { authorizeOnMember } from '../../../policies/customers.ts'
import type { Principal } from '../../../policies/principal.ts'
import { actingOn } from '../../../policies/scope.ts'
import { findMember } from '../customer-queries.ts'

/**
 * The merchant anonymizes a member (the same erasure as the member's own account deletion:
 * deleteCustomerAccount), audited as the merchant user or key who asked, with the reason.
 */
export const anonymizeCustomer = async (
  db: Knex,
  props: {
    principal: Principal
    customerId: string
    reason?: string | undefined
    requestId?: string | undefined
  },
) => {
  const { merchantId, actor } = actingOn(props.principal)
  const member = await findMember(db, merchantId, { customerId: props.customerId })
  authorizeOnMember(props.principal, 'customer.anonymize', member)
  return deleteCustomerAccount(db, {
    merchantId,
    customerId: props.customerId,
    actor,
    reason: props.reason,
    requestId: props.requestId,
  })
}
