import type { ReactNode } from 'react'
import { AssetTags } from '../assets/asset-tags.tsx'
import { brandStyle } from '../assets/brand-style.ts'
import { usePage } from './page.tsx'
import { LanguageSwitch, PostForm } from './form.tsx'

/** The storefront frame: the store's name, logo and colour, navigation, language, footer. */
export const StorefrontLayout = (props: {
  title: string
  children: ReactNode
  width?: 'narrow' | 'wide'
  current?: 'account' | 'card' | 'history' | 'profile' | 'login' | 'join'
}) => {
  const { t, language, urls, site, signedIn, nonce } = usePage()
  if (site.kind !== 'store') throw new Error('StorefrontLayout needs a store')
  const { store } = site
  const link = (name: 'account' | 'card' | 'history' | 'profile' | 'login' | 'join') => (
    <li key={name}>
      <a
        className="site-nav__link"
        href={urls.path(name)}
        aria-current={props.current === name ? 'page' : undefined}
      >
        {t(`common:nav.${name}`)}
      </a>
    </li>
  )
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${store.name}`}</title>
        <AssetTags entry="storefront" nonce={nonce} />
      </head>
      <body style={brandStyle(store.brand_color)}>
        <a className="skip-link" href="#main">
          {t('common:nav.skip')}
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <a className="brand" href={urls.path('home')}>
              {store.logo_url ? <img className="brand__logo" src={store.logo_url} alt="" /> : null}
              <span className="brand__name">{store.name}</span>
            </a>
            <nav className="site-nav" aria-label={t('common:nav.label')}>
              <ul className="site-nav__list">
                {signedIn
                  ? (['account', 'card', 'history', 'profile'] as const).map(link)
                  : (['join', 'login'] as const).map(link)}
                {signedIn ? (
                  <li>
                    <PostForm action={urls.path('logout')} className="site-nav__form">
                      <button className="button button--ghost button--small">
                        {t('common:nav.logout')}
                      </button>
                    </PostForm>
                  </li>
                ) : null}
              </ul>
            </nav>
            <LanguageSwitch action={urls.path('language')} />
          </div>
        </header>
        <main id="main" className={`site-main${props.width ? ` site-main--${props.width}` : ''}`}>
          {props.children}
        </main>
        <footer className="site-footer">
          <div className="site-footer__inner">
            <p>{t('common:footer.powered_by', { store: store.name })}</p>
          </div>
        </footer>
      </body>
    </html>
  )
}
