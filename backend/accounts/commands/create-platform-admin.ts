import type { Language } from '../../../shared/languages.ts'
import type { Queryable } from '../../db/transaction.ts'
import { AppError, isUniqueViolation } from '../../errors.ts'
import { optionalHash, parsePerson, type CreatedAccount } from '../new-account.ts'

/**
 * Creates a platform admin. An address already used by another admin (in any letter case) is
 * CONFLICT with constraint `platform_admins_email_unique`.
 */
export const createPlatformAdmin = async (
  db: Queryable,
  props: {
    email: string
    name: string
    password?: string
    /** bcrypt cost of `password` (needed with one). */
    passwordCost?: number
    preferredLanguage?: Language | null
  },
): Promise<CreatedAccount> => {
  const person = parsePerson(props)
  const hash = await optionalHash(props.password, props.passwordCost)
  try {
    const [row] = await db('platform_admins')
      .insert({
        email: person.email,
        name: person.name,
        preferred_language: person.preferredLanguage ?? null,
        password_hash: hash,
        password_set_at: hash ? db.fn.now() : null,
      })
      .returning(['id', 'email', 'name'])
    return row
  } catch (error) {
    if (isUniqueViolation(error, 'platform_admins_email_unique'))
      throw new AppError('CONFLICT', { constraint: 'platform_admins_email_unique' })
    throw error
  }
}
