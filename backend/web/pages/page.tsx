import { createContext, useContext, type ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { localize, type Language, type LocalizedText } from '../../../shared/languages.ts'
import { translator, type Translate } from '../../i18n/i18n.ts'
import type { SiteAppState } from '../site/site-context.ts'
import type { SiteUrls } from '../site/urls.ts'
import type { Site } from '../site/site.ts'
import { formatters, type Formatters } from './format.ts'
import type { ParameterizedContext } from 'koa'

export type PageCtx = ParameterizedContext<SiteAppState>

/** The namespaces pages are rendered in (`sendPage`); other namespaces' keys go as `ns:key`. */
export type PageNamespace = 'storefront' | 'auth' | 'account' | 'merchant' | 'admin'

/** What every page component may use: language, translations, URLs, CSRF, formatters. */
export type Page = {
  language: Language
  /** Keys of the page's namespace bare (a component may serve several: any page namespace's). */
  t: Translate<PageNamespace>
  urls: SiteUrls
  site: Site
  /** The request path on this site (without /s/<code>), for the language switcher's `next`. */
  path: string
  csrfToken: () => string
  format: Formatters
  /** Merchant-entered text in the page language, else the store's default, else any. */
  text: (value: LocalizedText | null | undefined) => string
  signedIn: boolean
  /** This response's CSP nonce, for the page's <script> tags (http/security-headers.ts). */
  nonce: string
}

const PageContext = createContext<Page | null>(null)

export const usePage = (): Page => {
  const page = useContext(PageContext)
  if (!page) throw new Error('usePage outside a page render')
  return page
}

export const pageOf = (ctx: PageCtx, namespace: PageNamespace): Page => {
  const language = ctx.state.language
  const site = ctx.state.site
  const fallback = site.kind === 'store' ? site.store.default_language : 'en'
  return {
    language,
    t: translator(language, namespace),
    urls: ctx.state.urls,
    site,
    path: ctx.state.sitePath + (ctx.querystring ? `?${ctx.querystring}` : ''),
    csrfToken: () => ctx.state.csrfToken?.() ?? '',
    format: formatters(language),
    text: (value) => localize(value, language, fallback),
    signedIn: !!(ctx.state.customer ?? ctx.state.merchantUser ?? ctx.state.admin),
    nonce: ctx.state.cspNonce ?? '',
  }
}

/**
 * Renders a page component inside its layout and sends it: `<!doctype html>`, UTF-8, never
 * cached (assets are; pages are not).
 */
export const sendPage = (
  ctx: PageCtx,
  namespace: PageNamespace,
  element: ReactNode,
  options: { status?: number } = {},
) => {
  const page = pageOf(ctx, namespace)
  ctx.status = options.status ?? 200
  ctx.type = 'text/html; charset=utf-8'
  if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-cache')
  ctx.body = `<!doctype html>${renderToString(
    <PageContext.Provider value={page}>{element}</PageContext.Provider>,
  )}`
}

/** 303 See Other: after a POST, the browser GETs the target (POST → redirect → GET). */
export const seeOther = (ctx: PageCtx, location: string) => {
  ctx.status = 303
  ctx.redirect(location)
}
