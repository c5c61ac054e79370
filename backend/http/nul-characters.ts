import type { Middleware } from 'koa'
import type { FieldError } from '../../shared/errors.ts'
import { AppError } from '../errors.ts'

/**
 * Every string (or key) in a request's input that holds a NUL character (`\u0000`), as
 * `invalid_characters` field errors. PostgreSQL cannot store NUL in text and answers
 * "invalid byte sequence", so the input is refused here, at validation, for every field of
 * every API route and page form at once. Iterative, so a deeply nested body cannot overflow
 * the stack.
 */
export const nulCharacterFields = (value: unknown, prefix: string): FieldError[] => {
  const fields: FieldError[] = []
  const pending: { value: unknown; path: string[] }[] = [{ value, path: prefix ? [prefix] : [] }]
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!
    if (typeof current === 'string') {
      if (current.includes('\u0000'))
        fields.push({ path: path.join('.'), code: 'invalid_characters' })
    } else if (current && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes('\u0000')) {
          fields.push({ path: path.join('.'), code: 'invalid_characters' })
          continue
        }
        pending.push({ value: item, path: [...path, key] })
      }
    }
  }
  return fields.reverse()
}

/**
 * The pages' side: a form or query holding NUL is refused with VALIDATION_FAILED (the error
 * page) before any page reads it. Browsers never send NUL from what a person types.
 */
export const refuseNulCharacters = (): Middleware => async (ctx, next) => {
  const fields = [
    ...nulCharacterFields({ ...ctx.query }, 'query'),
    ...nulCharacterFields((ctx.request as { body?: unknown }).body, 'body'),
  ]
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields })
  await next()
}
