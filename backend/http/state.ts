import type { ParameterizedContext } from 'koa'
import type { Logger } from '../logger.ts'
import type { Actor } from '../auth/actor.ts'
import type { Language } from '../../shared/languages.ts'

export type AppState = {
  requestId: string
  log: Logger
  language: Language
  actor?: Actor
}

export type AppContext = ParameterizedContext<AppState>
