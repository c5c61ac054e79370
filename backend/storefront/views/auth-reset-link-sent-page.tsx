import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'

/**
 * The one answer to "forgot password", whether or not the address has an account: it names
 * no address and says nothing that differs between the two.
 */
export const ResetLinkSentPage = (props: { validMinutes: number }) => {
  const { t, urls, site } = usePage()
  const store = site.kind === 'store' ? site.store.name : ''
  return (
    <StorefrontLayout title={t('sent.title')} width="narrow">
      <div className="auth">
        <header className="auth__header">
          <h1 className="page-title">{t('sent.title')}</h1>
          <p className="page-lead">{t('sent.lead', { store })}</p>
        </header>
        <div className="card stack">
          <p>{t('sent.expiry', { minutes: props.validMinutes })}</p>
          <p className="muted">{t('sent.spam')}</p>
          <div className="stack stack--sm">
            <a className="button button--primary button--block" href={urls.path('login')}>
              {t('sent.login')}
            </a>
            <a
              className="button button--secondary button--block"
              href={urls.path('forgotPassword')}
            >
              {t('sent.again')}
            </a>
          </div>
        </div>
      </div>
    </StorefrontLayout>
  )
}
