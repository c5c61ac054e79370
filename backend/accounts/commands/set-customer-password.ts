import type { Queryable } from '../../db/transaction.ts'
import { setAccountPassword } from './set-account-password.ts'

/** A customer chooses a password (join, or later from the account), accepting the terms. */
export const setCustomerPassword = (
  db: Queryable,
  props: {
    merchantId: string
    customerId: string
    password: string
    passwordCost: number
    termsAccepted?: boolean
    keepSessionId?: string
  },
) =>
  setAccountPassword(db, {
    account: { audience: 'customer', id: props.customerId, merchantId: props.merchantId },
    password: props.password,
    passwordCost: props.passwordCost,
    termsAccepted: props.termsAccepted,
    keepSessionId: props.keepSessionId,
  })
