import type { Language } from '../../../shared/languages.ts'
import { inTransaction, type Queryable } from '../../db/transaction.ts'
import { ACCOUNT_TABLE, type AccountRef } from '../accounts.ts'

/**
 * Keeps an account's language (the switcher on any page): pages and emails follow it. A
 * customer's card is touched too, so kiosks get the holder's language at their next pull.
 */
export const setPreferredLanguage = (db: Queryable, account: AccountRef, language: Language) =>
  inTransaction(db, async (trx) => {
    const changed = await trx(ACCOUNT_TABLE[account.audience])
      .where('id', account.id)
      .whereRaw('preferred_language IS DISTINCT FROM ?', [language])
      .update({ preferred_language: language, updated_at: trx.fn.now() })
    if (changed > 0 && account.audience === 'customer') {
      await trx('cards')
        .where({ customer_id: account.id, merchant_id: account.merchantId })
        .update({ updated_at: trx.fn.now() })
    }
  })
