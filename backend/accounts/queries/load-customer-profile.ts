import type { Knex } from 'knex'
import { AppError } from '../../errors.ts'

/** A member's profile as stored (the profile form starts from it). */
export type StoredProfile = {
  email: string | null
  name: string | null
  phone: string | null
  birthday: string | null
  preferred_language: string | null
  marketing_consent: boolean
  marketing_consent_at: Date | null
  has_password: boolean
}

/** The member's profile; CUSTOMER_NOT_FOUND once they are anonymized. */
export const loadCustomerProfile = async (db: Knex, merchantId: string, customerId: string) => {
  const row: StoredProfile | undefined = await db('customers')
    .where({ id: customerId, merchant_id: merchantId })
    .whereNull('anonymized_at')
    .first(
      'email',
      'name',
      'phone',
      'birthday',
      'preferred_language',
      'marketing_consent',
      'marketing_consent_at',
      db.raw('(password_hash IS NOT NULL) AS has_password'),
    )
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND')
  return row
}
