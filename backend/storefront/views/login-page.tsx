import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import { LoginForm, type FieldErrors } from '../../web/pages/form.tsx'

export type LoginValues = { email?: string | undefined; next?: string | undefined }

/**
 * Log in with email and password. `next` rides along in a hidden field; `error` is the
 * form-level message (wrong credentials, too many attempts), `errors` the inline ones.
 */
export const LoginPage = (props: {
  values?: LoginValues
  errors?: FieldErrors
  error?: string | null
}) => {
  const { t, urls, site } = usePage()
  const store = site.kind === 'store' ? site.store.name : ''
  const values = props.values ?? {}
  const askedFor = !!values.next && !props.error && !props.errors
  return (
    <StorefrontLayout title={t('login.title')} width="narrow" current="login">
      <div className="auth">
        <header className="auth__header">
          <h1 className="page-title">{t('login.title')}</h1>
          <p className="page-lead">{t('login.lead', { store })}</p>
        </header>
        {askedFor ? (
          <div className="alert alert--info" role="status">
            <p>{t('login.continue')}</p>
          </div>
        ) : null}
        <LoginForm
          action={urls.path('login')}
          email={values.email}
          next={values.next}
          error={props.error}
          errors={props.errors}
        >
          <p className="small">
            <a href={urls.path('forgotPassword')}>{t('login.forgot')}</a>
            <br />
            <span className="muted">{t('login.no_password')}</span>
          </p>
        </LoginForm>
        <p className="auth__footer">
          {t('login.no_account')} <a href={urls.path('join')}>{t('login.join')}</a>
        </p>
      </div>
    </StorefrontLayout>
  )
}
