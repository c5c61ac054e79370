import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import { ErrorSummary, Field, PostForm, type FieldErrors } from '../../web/pages/form.tsx'

/** Forgot password: the address to send a reset link to. */
export const ForgotPasswordPage = (props: {
  email?: string | undefined
  errors?: FieldErrors
  error?: string | null
}) => {
  const { t, urls, site } = usePage()
  const store = site.kind === 'store' ? site.store.name : ''
  return (
    <StorefrontLayout title={t('forgot.title')} width="narrow">
      <div className="auth">
        <header className="auth__header">
          <h1 className="page-title">{t('forgot.title')}</h1>
          <p className="page-lead">{t('forgot.lead', { store })}</p>
        </header>
        <PostForm action={urls.path('forgotPassword')} className="card form">
          <ErrorSummary message={props.error} />
          <Field
            name="email"
            type="email"
            label={t('forgot.email')}
            value={props.email}
            errors={props.errors}
            autoComplete="email"
            required
          />
          <div className="form__actions">
            <button className="button button--primary button--block">{t('forgot.submit')}</button>
          </div>
        </PostForm>
        <p className="auth__footer">
          <a href={urls.path('login')}>{t('forgot.back')}</a>
        </p>
      </div>
    </StorefrontLayout>
  )
}
