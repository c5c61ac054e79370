import type { Language } from '../../../shared/languages.ts'
import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { AppError, isUniqueViolation } from '../../errors.ts'
import type { MerchantRole } from '../accounts.ts'
import { optionalHash, parsePerson, type CreatedAccount } from '../new-account.ts'

/**
 * Creates a merchant user: an owner, or a manager of the whole merchant (no `storeIds`) or of
 * the given stores of that merchant (others are STORE_NOT_FOUND). Addresses are unique across
 * the platform (CONFLICT, constraint `merchant_users_email_unique`).
 */
export const createMerchantUser = async (
  db: Queryable,
  props: {
    merchantId: string
    email: string
    name: string
    role: MerchantRole
    storeIds?: string[]
    password?: string
    /** bcrypt cost of `password` (needed with one). */
    passwordCost?: number
    preferredLanguage?: Language | null
  },
): Promise<CreatedAccount> => {
  const person = parsePerson(props)
  const storeIds = [...new Set(props.storeIds ?? [])]
  if (props.role === 'owner' && storeIds.length > 0)
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'storeIds', code: 'owner' }] })
  // bcrypt outside the transaction: no connection is held for its ~100 ms.
  const hash = await optionalHash(props.password, props.passwordCost)
  return inTransaction(db, async (trx) => {
    if (storeIds.length > 0) {
      const found = await trx('stores')
        .where('merchant_id', props.merchantId)
        .whereIn('id', storeIds)
        .pluck('id')
      if (found.length !== storeIds.length) throw new AppError('STORE_NOT_FOUND')
    }
    let rows: CreatedAccount[]
    try {
      rows = await trx('merchant_users')
        .insert({
          merchant_id: props.merchantId,
          email: person.email,
          name: person.name,
          role: props.role,
          preferred_language: person.preferredLanguage ?? null,
          password_hash: hash,
          password_set_at: hash ? trx.fn.now() : null,
        })
        .returning(['id', 'email', 'name'])
    } catch (error) {
      if (isUniqueViolation(error, 'merchant_users_email_unique'))
        throw new AppError('CONFLICT', { constraint: 'merchant_users_email_unique' })
      throw error
    }
    const row = rows[0]!
    if (storeIds.length > 0)
      await trx('merchant_user_stores').insert(
        storeIds.map((store_id) => ({
          merchant_id: props.merchantId,
          merchant_user_id: row.id,
          store_id,
        })),
      )
    return row
  })
}
