import type { ErrorCode } from '../../../shared/errors.ts'
import { isAppError, type AppError } from '../../errors.ts'
import { errorMessage } from '../../i18n/error-message.ts'
import { checkPasswordPolicy } from '../../accounts/passwords.ts'
import type { FieldErrors } from './form.tsx'
import type { PageCtx } from './page.tsx'

/** Whether `error` is an AppError with one of `codes`. */
export const isErrorOf = <C extends ErrorCode>(
  error: unknown,
  codes: readonly C[],
): error is AppError<C> => isAppError(error) && (codes as readonly ErrorCode[]).includes(error.code)

/** The localized message of an error the form shows; a retry time also goes in Retry-After. */
export const formError = (ctx: PageCtx, error: AppError) => {
  const details = error.details as Record<string, unknown>
  if (typeof details.retry_after_seconds === 'number')
    ctx.set('Retry-After', String(details.retry_after_seconds))
  return errorMessage(error.code, details, ctx.state.language)
}

/** What the password policy says of a new password, in the page's language; null when fine. */
export const passwordPolicyError = (ctx: PageCtx, password: string): string | null => {
  try {
    checkPasswordPolicy(password)
    return null
  } catch (error) {
    if (!isErrorOf(error, ['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_LONG'] as const)) throw error
    return formError(ctx, error)
  }
}

/**
 * A message for each of the form's `fields` that has an issue (`issues`: the paths zod names);
 * typed fields, so `message` builds only keys that exist.
 */
export const issueFieldErrors = <F extends string>(
  issues: Iterable<string>,
  fields: readonly F[],
  message: (field: F) => string,
): FieldErrors => {
  const named = new Set(issues)
  return Object.fromEntries(fields.filter((f) => named.has(f)).map((f) => [f, message(f)]))
}

/** A message for each of the form's `fields` that a VALIDATION_FAILED names. */
export const invalidFieldErrors = <F extends string>(
  error: AppError<'VALIDATION_FAILED'>,
  fields: readonly F[],
  /** The field's message; `code` is the first issue's code (`invalid`, a PIN's reason, …). */
  message: (field: F, code: string) => string,
): FieldErrors => {
  const codes = new Map<string, string>()
  for (const { path, code } of error.details.fields)
    if (!codes.has(String(path))) codes.set(String(path), code)
  return Object.fromEntries(
    fields.filter((f) => codes.has(f)).map((f) => [f, message(f, codes.get(f)!)]),
  )
}
