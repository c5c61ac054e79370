import { AppError } from '../errors.ts'

type PgError = { code?: string; constraint?: string }

/**
 * Turns the violation of one of the unique indexes in `fields` (index name → form field) into
 * VALIDATION_FAILED with `taken` on that field; anything else is rethrown. The index decides
 * between two saves at the same moment: the second gets a field error, not a 500.
 */
export const asTakenField = (error: unknown, fields: Record<string, string>): never => {
  const pg = error as PgError
  const field = pg?.code === '23505' && pg.constraint ? fields[pg.constraint] : undefined
  if (field) throw new AppError('VALIDATION_FAILED', { fields: [{ path: field, code: 'taken' }] })
  throw error
}

/** The unique indexes of a store's codes and addresses (migration 0001), by form field. */
export const STORE_UNIQUE_FIELDS = {
  stores_code_unique: 'code',
  stores_subdomain_unique: 'subdomain',
  stores_custom_domain_unique: 'custom_domain',
}
