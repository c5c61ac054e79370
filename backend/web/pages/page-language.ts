import type Cookies from 'cookies'
import type { Middleware } from 'koa'
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../../shared/languages.ts'
import { languageFromAccepted } from '../../i18n/i18n.ts'
import type { SiteAppState } from '../site/site-context.ts'

/** The cookie that remembers a visitor's explicit language choice (a year). */
export const LANGUAGE_COOKIE = 'rf_lang'
export const LANGUAGE_COOKIE_MAX_AGE_MS = 365 * 24 * 3_600_000

/**
 * The language of a page: the visitor's explicit choice (cookie) → the signed-in customer's or
 * staff member's profile → Accept-Language → the store's default → English.
 */
export const choosePageLanguage = (input: {
  cookie: string | undefined
  profile: string | null | undefined
  /** The Accept-Language tags, best first (`ctx.acceptsLanguages()`). */
  accepted: readonly string[]
  storeDefault: string | null | undefined
}): Language => {
  if (isLanguage(input.cookie)) return input.cookie
  if (isLanguage(input.profile)) return input.profile
  const fallback = isLanguage(input.storeDefault) ? input.storeDefault : DEFAULT_LANGUAGE
  return languageFromAccepted(input.accepted, fallback)
}

/** Remembers an explicit language choice (the switcher, a profile) and uses it for this page. */
export const rememberLanguage = (
  ctx: { cookies: Cookies; secure: boolean; state: { language: Language } },
  language: Language,
) => {
  ctx.cookies.set(LANGUAGE_COOKIE, language, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.secure,
    maxAge: LANGUAGE_COOKIE_MAX_AGE_MS,
    path: '/',
    overwrite: true,
  })
  ctx.state.language = language
}

/** Sets `ctx.state.language` for pages (and their error pages); run after the sessions. */
export const pageLanguage = (): Middleware<SiteAppState> => async (ctx, next) => {
  const site = ctx.state.site
  ctx.state.language = choosePageLanguage({
    cookie: ctx.cookies.get(LANGUAGE_COOKIE),
    profile:
      ctx.state.customer?.preferredLanguage ??
      ctx.state.merchantUser?.preferredLanguage ??
      ctx.state.admin?.preferredLanguage,
    accepted: ctx.acceptsLanguages(),
    storeDefault: site.kind === 'store' ? site.store.default_language : null,
  })
  await next()
}
