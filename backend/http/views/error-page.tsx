import { renderToStaticMarkup } from 'react-dom/server'
import type { TFunction } from 'i18next'
import type { Language } from '../../../shared/languages.ts'
import type { ErrorCode } from '../../../shared/errors.ts'

export type ErrorPageProps = {
  language: Language
  status: number
  code?: ErrorCode
  message: string
  requestId: string
  t: TFunction
}

/** The page a browser gets for an error: localized, escaped, no stack traces. */
export const ErrorPage = ({ language, status, code, message, requestId, t }: ErrorPageProps) => {
  // A paused programme or a closed store is a state the customer should understand, not an error.
  const state =
    code === 'MERCHANT_SUSPENDED'
      ? t('error_page.paused_title')
      : code === 'STORE_CLOSED'
        ? t('error_page.closed_title')
        : null
  const title = state ?? (status === 404 ? t('error_page.not_found_title') : t('error_page.title'))
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('app_name')}`}</title>
        <style>{ERROR_PAGE_CSS}</style>
      </head>
      <body>
        <main>
          {state ? null : <p className="status">{t('error_page.status', { status })}</p>}
          <h1>{title}</h1>
          <p>{message}</p>
          <p>
            <a href="/">{t('error_page.back_home')}</a>
          </p>
          <p className="ref">{t('error_page.request_id', { id: requestId })}</p>
        </main>
      </body>
    </html>
  )
}

export const renderErrorPage = (props: ErrorPageProps): string =>
  `<!doctype html>${renderToStaticMarkup(<ErrorPage {...props} />)}`

const ERROR_PAGE_CSS = `
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2430;background:#f5f6fa}
main{max-width:36rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{margin:.2rem 0 1rem;font-size:1.6rem}.status{color:#6b7280;margin:0}.ref{color:#6b7280;font-size:.85rem}
a{color:#3538cd}a:focus-visible{outline:3px solid #3538cd;outline-offset:2px}`
