import type { ReactNode } from 'react'
import { AssetTags } from '../assets/asset-tags.tsx'
import type { SiteUrls } from '../site/urls.ts'
import { usePage } from './page.tsx'
import { LanguageSwitch, PostForm } from './form.tsx'

/** The two back offices on the platform's host: a merchant's, and the platform admin's. */
export type StaffSurface = 'merchant' | 'admin'

const SURFACE_PAGES = {
  merchant: { home: 'merchantDashboard', logout: 'merchantLogout' },
  admin: { home: 'adminDashboard', logout: 'adminLogout' },
} as const satisfies Record<StaffSurface, { home: string; logout: string }>

/** The dashboard of a surface: its brand link and where its other routes hang. */
export const staffHome = (urls: SiteUrls, surface: StaffSurface) =>
  urls.path(SURFACE_PAGES[surface].home)

/**
 * The language switcher's target of a surface (`/merchant/language`, `/admin/language`): under
 * the surface's own path, so it works with or without a session of that surface.
 */
export const staffLanguageAction = (urls: SiteUrls, surface: StaffSurface) =>
  urls.path(surface === 'merchant' ? 'merchantLanguage' : 'adminLanguage')

export type StaffNavLink = { href: string; label: string; current?: boolean; count?: number }
export type StaffNavSection = { heading: string; links: StaffNavLink[] }

/** `<head>` and the skip link of every staff page; the page namespace has `layout.*`. */
const StaffDocument = (props: { surface: StaffSurface; title: string; children: ReactNode }) => {
  const { t, language, nonce } = usePage()
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${t('common:app_name')} ${t('layout.brand_tag')}`}</title>
        <AssetTags entry={props.surface} nonce={nonce} />
      </head>
      {props.children}
    </html>
  )
}

const Brand = ({ surface }: { surface: StaffSurface }) => {
  const { t, urls } = usePage()
  return (
    <a className="app__brand" href={staffHome(urls, surface)}>
      {t('common:app_name')} <span className="app__brand-tag">{t('layout.brand_tag')}</span>
    </a>
  )
}

/**
 * The signed-in frame of the merchant and admin pages (backend/web/client/README.md,
 * "Merchant and admin"): sidebar with brand, navigation and account; top bar with the page's
 * context, the language switcher and log-out (repeated there: the sidebar's account block is
 * hidden on phones).
 */
export const StaffLayout = (props: {
  surface: StaffSurface
  title: string
  /** What the top bar shows: the merchant's or platform's name. */
  context: string
  nav: StaffNavSection[]
  account: { name: string; meta: string }
  children: ReactNode
}) => {
  const { t, urls } = usePage()
  const logout = urls.path(SURFACE_PAGES[props.surface].logout)
  return (
    <StaffDocument surface={props.surface} title={props.title}>
      <body className="app">
        <a className="skip-link" href="#main">
          {t('common:nav.skip')}
        </a>
        <aside className="app__sidebar">
          <Brand surface={props.surface} />
          <nav className="side-nav" aria-label={t('layout.nav_label')}>
            {props.nav.map((section) => (
              <div className="side-nav__section" key={section.heading}>
                <p className="side-nav__heading">{section.heading}</p>
                <ul className="side-nav__list">
                  {section.links.map((link) => (
                    <li key={link.href}>
                      <a
                        className="side-nav__link"
                        href={link.href}
                        aria-current={link.current ? 'page' : undefined}
                      >
                        {link.label}
                        {link.count ? <span className="side-nav__count">{link.count}</span> : null}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
          <div className="app__account">
            <p className="app__account-name">{props.account.name}</p>
            <p className="app__account-meta">{props.account.meta}</p>
          </div>
        </aside>
        <div className="app__main">
          <header className="app__topbar">
            <p className="app__topbar-title">{props.context}</p>
            <div className="app__topbar-actions">
              <LanguageSwitch action={staffLanguageAction(urls, props.surface)} />
              <PostForm action={logout} className="app__logout">
                <button className="button button--ghost button--small">
                  {t('common:nav.logout')}
                </button>
              </PostForm>
            </div>
          </header>
          <main id="main" className="app__content">
            {props.children}
          </main>
        </div>
      </body>
    </StaffDocument>
  )
}

/**
 * The signed-out frame (sign-in pages): the brand and the language switcher in a top bar, the
 * form in a narrow column.
 */
export const StaffSignInLayout = (props: {
  surface: StaffSurface
  title: string
  children: ReactNode
}) => {
  const { t, urls } = usePage()
  return (
    <StaffDocument surface={props.surface} title={props.title}>
      <body>
        <a className="skip-link" href="#main">
          {t('common:nav.skip')}
        </a>
        <header className="app__topbar">
          <Brand surface={props.surface} />
          <div className="app__topbar-actions">
            <LanguageSwitch action={staffLanguageAction(urls, props.surface)} />
          </div>
        </header>
        <main
          id="main"
          className="app__content container stack--lg"
          style={{ '--container': '30rem' }}
        >
          {props.children}
        </main>
      </body>
    </StaffDocument>
  )
}

/** The title block of a staff page: title, a line of lead text, and actions on the right. */
export const PageHeader = (props: {
  title: string
  lead?: string
  actions?: ReactNode
  /** The list page this one belongs to, shown as a breadcrumb above the title. */
  back?: { href: string; label: string }
}) => (
  <header className="page-header">
    <div>
      {props.back ? (
        <nav aria-label={props.back.label}>
          <ol className="breadcrumbs">
            <li>
              <a href={props.back.href}>{props.back.label}</a>
            </li>
          </ol>
        </nav>
      ) : null}
      <h1 className="page-header__title">{props.title}</h1>
      {props.lead ? <p className="page-header__subtitle">{props.lead}</p> : null}
    </div>
    {props.actions ? <div className="page-header__actions">{props.actions}</div> : null}
  </header>
)

/**
 * A one-time link that cannot be used (unknown, used, expired): the reason in the page language
 * and the way to the surface's sign-in page.
 */
export const StaffLinkRefusedPage = (props: {
  surface: StaffSurface
  title: string
  message: string
  loginLabel: string
}) => {
  const { urls } = usePage()
  return (
    <StaffSignInLayout surface={props.surface} title={props.title}>
      <header>
        <h1 className="page-header__title">{props.title}</h1>
      </header>
      <div className="alert alert--error" role="alert">
        <p>{props.message}</p>
      </div>
      <p>
        <a href={urls.path(props.surface === 'admin' ? 'adminLogin' : 'merchantLogin')}>
          {props.loginLabel}
        </a>
      </p>
    </StaffSignInLayout>
  )
}
