import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'

/** A reset link that is unknown, used or expired: why (localized), and a way to ask again. */
export const ResetLinkInvalidPage = (props: { message: string }) => {
  const { t, urls } = usePage()
  return (
    <StorefrontLayout title={t('reset_invalid.title')} width="narrow">
      <div className="auth">
        <header className="auth__header">
          <h1 className="page-title">{t('reset_invalid.title')}</h1>
        </header>
        <div className="alert alert--warning" role="alert">
          <p>{props.message}</p>
        </div>
        <div className="stack stack--sm">
          <a className="button button--primary button--block" href={urls.path('forgotPassword')}>
            {t('reset_invalid.again')}
          </a>
          <a className="button button--secondary button--block" href={urls.path('login')}>
            {t('reset_invalid.login')}
          </a>
        </div>
      </div>
    </StorefrontLayout>
  )
}
