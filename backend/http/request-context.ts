import { randomUUID } from 'node:crypto'
import type { Middleware } from 'koa'
import type { Logger } from '../logger.ts'
import type { AppState } from './state.ts'
import { languageFromAccepted } from '../i18n/i18n.ts'

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/

/**
 * Gives every request an id (a sane incoming X-Request-Id, or a new UUID), a logger that
 * carries it, a language, and one structured access-log line when it ends.
 */
export const requestContext =
  (log: Logger): Middleware<AppState> =>
  async (ctx, next) => {
    const incoming = ctx.get('x-request-id')
    const requestId = SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID()
    ctx.state.requestId = requestId
    ctx.state.log = log.child({ req_id: requestId })
    ctx.state.language = languageFromAccepted(ctx.acceptsLanguages())
    ctx.set('X-Request-Id', requestId)
    const started = process.hrtime.bigint()
    try {
      await next()
      // How long the app took (routing, queries, rendering), for browsers' dev tools and
      // bench:pages. Set before Koa writes the response.
      ctx.set(
        'Server-Timing',
        `app;dur=${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(2)}`,
      )
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6
      const line = {
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        duration_ms: Math.round(durationMs * 100) / 100,
      }
      if (ctx.status >= 500) ctx.state.log.error(line, 'request')
      else ctx.state.log.info(line, 'request')
    }
  }
