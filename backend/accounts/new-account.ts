import { z } from 'zod'
import { LANGUAGES, type Language } from '../../shared/languages.ts'
import { validationFailed } from '../errors.ts'
import { checkPasswordPolicy, hashPassword } from './passwords.ts'

// What creating any account shares: the person's fields and an optional first password.

const Person = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  preferredLanguage: z.enum(LANGUAGES).nullable().optional(),
})

/** The person fields of a new account, validated (VALIDATION_FAILED). */
export const parsePerson = (input: {
  email: string
  name: string
  preferredLanguage?: Language | null
}) => {
  const parsed = Person.safeParse({ ...input, email: input.email.trim() })
  if (!parsed.success) throw validationFailed(parsed.error)
  return parsed.data
}

/** The password's hash, or null (an account that sets its password later, e.g. by reset link). */
export const optionalHash = async (password: string | undefined, cost: number | undefined) => {
  if (password === undefined) return null
  if (cost === undefined) throw new Error('a password needs its bcrypt cost (passwordCost)')
  checkPasswordPolicy(password)
  return hashPassword(password, cost)
}

export type CreatedAccount = { id: string; email: string; name: string }
