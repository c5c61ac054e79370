import { ERROR_STATUS, type DetailsOf, type ErrorCode, type FieldError } from '../shared/errors.ts'
import type { z } from 'zod'

/** An error a user or client can meet: stable code, HTTP status, details for the message. */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C
  readonly details: DetailsOf<C>

  constructor(code: C, details?: DetailsOf<C>, message?: string) {
    super(message ?? code)
    this.name = 'AppError'
    this.code = code
    this.details = details ?? ({} as DetailsOf<C>)
  }

  get status(): number {
    return ERROR_STATUS[this.code]
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError

const fieldCode = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required'
  if (issue.code === 'custom' && issue.message === 'INVALID_CARD_NUMBER')
    return 'invalid_card_number'
  // A rule of our own names its code (`params: { code: 'low_contrast' }`).
  if (issue.code === 'custom' && typeof issue.params?.code === 'string') return issue.params.code
  return issue.code
}

/** VALIDATION_FAILED with one `{path, code}` per zod issue (codes, never English text). */
export const validationFailed = (
  error: z.ZodError,
  prefix?: string,
): AppError<'VALIDATION_FAILED'> => {
  const fields: FieldError[] = error.issues
    .map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined]
      return keys.map((key) => ({
        path: [prefix, ...issue.path.map(String), key].filter(Boolean).join('.'),
        code: fieldCode(issue),
      }))
    })
    .flat()
  return new AppError('VALIDATION_FAILED', { fields })
}

type PgError = { code?: string; constraint?: string; table?: string }

/** An error PostgreSQL sent (it carries a five-character SQLSTATE). */
export const isPgError = (error: unknown): error is PgError & Error =>
  error instanceof Error &&
  typeof (error as PgError).code === 'string' &&
  /^[0-9A-Z]{5}$/.test((error as PgError).code ?? '')

/**
 * Maps database constraint violations to stable codes, so a race that slips past a check
 * still answers with a meaningful error instead of a 500.
 */
export const fromDatabaseError = (error: unknown): AppError | null => {
  if (!isPgError(error)) return null
  switch (error.code) {
    case '23505':
      return new AppError('CONFLICT', { constraint: error.constraint ?? null })
    case '23503':
      return new AppError('CONFLICT', { constraint: error.constraint ?? null })
    case '23514':
      if (error.constraint === 'cards_points_balance_check')
        return new AppError('INSUFFICIENT_POINTS', { balance: 0, cost: 0 })
      if (error.constraint === 'cards_stamps_balance_check')
        return new AppError('INSUFFICIENT_STAMPS', { balance: 0, cost: 0 })
      return new AppError('VALIDATION_FAILED', {
        fields: [{ path: error.constraint ?? '', code: 'constraint' }],
      })
    case '22P02':
    case '22007':
    case '22008':
      return new AppError('VALIDATION_FAILED', { fields: [{ path: '', code: 'invalid_value' }] })
    default:
      return null
  }
}

export const isUniqueViolation = (error: unknown, constraint?: string): boolean =>
  isPgError(error) && error.code === '23505' && (!constraint || error.constraint === constraint)
