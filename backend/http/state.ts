import type { ParameterizedContext } from 'koa'
import type { Logger } from '../logger.ts'
import type { Language } from '../../shared/languages.ts'

/**
 * What every request carries in `ctx.state`. The HTTP layer knows only its own fields; the
 * layers above add theirs by declaration merging where they set them (`declare module` in the
 * session middleware, the site context, the policies), so this file imports none of them.
 */
export interface AppState {
  requestId: string
  log: Logger
  language: Language
}

export type AppContext = ParameterizedContext<AppState>
