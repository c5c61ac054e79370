import type { Middleware } from 'koa'
import { ERROR_STATUS, type ErrorBody } from '../../shared/errors.ts'
import { AppError, fromDatabaseError, isAppError } from '../errors.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { translator } from '../i18n/i18n.ts'
import type { AppState } from './state.ts'
import { renderErrorPage } from './views/error-page.tsx'

const wantsJson = (path: string, accept: string | undefined) =>
  path.startsWith('/api/') ||
  (!!accept && accept.includes('application/json') && !accept.includes('text/html'))

/**
 * What the body parser throws when it cannot decode a body: zlib's errors for a body that is not
 * the gzip/deflate/br it claims (they carry no HTTP status, so they were 500s), raw-body's for an
 * unsupported encoding or charset. JSON that does not parse stays VALIDATION_FAILED (below), the
 * answer clients already handle.
 */
const unreadableBody = (error: unknown): AppError<'INVALID_BODY'> | null => {
  const { code, type } = (error ?? {}) as Record<string, unknown>
  // zlib (Z_DATA_ERROR, …) and brotli (ERR__ERROR_FORMAT_…) decompression errors.
  if (typeof code === 'string' && /^(Z_|ERR__)[A-Z0-9_]+$/.test(code))
    return new AppError('INVALID_BODY', { reason: 'content_encoding' })
  if (type === 'encoding.unsupported')
    return new AppError('INVALID_BODY', { reason: 'content_encoding' })
  if (type === 'charset.unsupported') return new AppError('INVALID_BODY', { reason: 'charset' })
  return null
}

/** Koa's own HTTP errors (bad JSON, payload too large, …) keep their status but get a code. */
const fromHttpError = (error: unknown): AppError | null => {
  const unreadable = unreadableBody(error)
  if (unreadable) return unreadable
  const status = (error as { status?: number; expose?: boolean })?.status
  if (typeof status !== 'number' || status >= 500) return null
  if (status === 404) return new AppError('NOT_FOUND')
  if (status === 401) return new AppError('UNAUTHENTICATED')
  if (status === 403) return new AppError('FORBIDDEN')
  const detail = (error as { type?: string }).type ?? 'invalid_body'
  return new AppError('VALIDATION_FAILED', { fields: [{ path: '', code: detail }] })
}

/**
 * One place turns every error into a response: typed errors and database constraint
 * violations keep their code; anything else is a logged 500 with the request id.
 * JSON for /api and JSON clients, a localized HTML page for browsers.
 */
export const errorHandler = (): Middleware<AppState> => async (ctx, next) => {
  let error: AppError | null = null
  let status = 500
  try {
    await next()
    if (ctx.status === 404 && ctx.body === undefined) error = new AppError('NOT_FOUND')
  } catch (thrown) {
    error = isAppError(thrown) ? thrown : (fromDatabaseError(thrown) ?? fromHttpError(thrown))
    if (!error) {
      ctx.state.log.error({ err: thrown }, 'unhandled error')
      error = new AppError('INTERNAL_ERROR')
    } else if (error.status >= 500) {
      ctx.state.log.error({ err: thrown }, 'server error')
    }
  }
  if (!error) return
  status = ERROR_STATUS[error.code]
  const language = ctx.state.language
  const details = error.details as Record<string, unknown>
  const message = errorMessage(error.code, details, language)
  ctx.status = status
  if (typeof details.retry_after_seconds === 'number')
    ctx.set('Retry-After', String(details.retry_after_seconds))
  if (error.code === 'METHOD_NOT_ALLOWED' && Array.isArray(details.allow))
    ctx.set('Allow', details.allow.join(', '))
  if (wantsJson(ctx.path, ctx.get('accept'))) {
    ctx.body = {
      error: { code: error.code, message, details, request_id: ctx.state.requestId },
    } satisfies ErrorBody
  } else {
    ctx.type = 'text/html; charset=utf-8'
    ctx.body = renderErrorPage({
      language,
      status,
      code: error.code,
      message,
      requestId: ctx.state.requestId,
      t: translator(language, 'common'),
    })
  }
}
