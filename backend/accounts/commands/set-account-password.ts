import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError } from '../../errors.ts'
import { ACCOUNT_TABLE, type AccountRef } from '../accounts.ts'
import { checkPasswordPolicy, hashPassword } from '../passwords.ts'
import { destroyAccountSessions } from '../session-store.ts'

/**
 * Sets an account's password (policy checked: PASSWORD_TOO_SHORT / PASSWORD_TOO_LONG) and
 * ends its other sessions — all of them, unless `keepSessionId` names the one making the
 * change. For customers, `termsAccepted` also records when the terms were accepted (join).
 */
export const setAccountPassword = async (
  db: Queryable,
  props: {
    account: AccountRef
    password: string
    passwordCost: number
    keepSessionId?: string
    termsAccepted?: boolean
  },
): Promise<void> => {
  checkPasswordPolicy(props.password)
  const hash = await hashPassword(props.password, props.passwordCost)
  const { account } = props
  await inTransaction(db, async (trx) => {
    const changes: Record<string, unknown> = {
      password_hash: hash,
      password_set_at: trx.fn.now(),
      updated_at: trx.fn.now(),
    }
    if (account.audience === 'customer' && props.termsAccepted)
      changes.terms_accepted_at = trx.raw('coalesce(terms_accepted_at, now())')
    const updated = await trx(ACCOUNT_TABLE[account.audience])
      .where('id', account.id)
      .modify((q) => {
        if (account.audience !== 'admin') q.where('merchant_id', account.merchantId)
      })
      .update(changes)
    if (!updated)
      throw new AppError(account.audience === 'customer' ? 'CUSTOMER_NOT_FOUND' : 'NOT_FOUND')
    await destroyAccountSessions(
      trx,
      account,
      props.keepSessionId ? { exceptSessionId: props.keepSessionId } : {},
    )
  })
}
