import type { ParameterizedContext } from 'koa'
import type { Logger } from '../logger.ts'
import type { Actor } from '../auth/actor.ts'
import type { Language } from '../../shared/languages.ts'
import type { SessionAdmin, SessionCustomer, SessionMerchantUser } from '../accounts/accounts.ts'
import type { SessionState } from '../web/sessions/session-middleware.ts'
import type { Site } from '../web/site/site.ts'

export type AppState = {
  requestId: string
  log: Logger
  language: Language
  actor?: Actor
  /** The web session of this surface, when signed in (set by sessionMiddleware). */
  session?: SessionState
  /** A session cookie was sent but its session had ended (idle, absolute, logged out). */
  sessionExpired?: boolean
  customer?: SessionCustomer
  merchantUser?: SessionMerchantUser
  admin?: SessionAdmin
  /** The CSRF token for a form on this page (set by csrfProtection). */
  csrfToken?: () => string
  /** The store or platform of a page request (set by siteContext; see SiteAppState). */
  site?: Site
}

export type AppContext = ParameterizedContext<AppState>
