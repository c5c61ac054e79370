import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import { ErrorSummary, Field, PostForm, type FieldErrors } from '../../web/pages/form.tsx'

/** The new password, twice, from a reset link (the token stays in the form's URL). */
export const ResetPasswordPage = (props: {
  token: string
  minLength: number
  errors?: FieldErrors
  error?: string | null
}) => {
  const { t, urls, site } = usePage()
  const store = site.kind === 'store' ? site.store.name : ''
  return (
    <StorefrontLayout title={t('reset.title')} width="narrow">
      <div className="auth">
        <header className="auth__header">
          <h1 className="page-title">{t('reset.title')}</h1>
          <p className="page-lead">{t('reset.lead', { store })}</p>
        </header>
        <PostForm action={urls.path('resetPassword', { token: props.token })} className="card form">
          <ErrorSummary message={props.error} />
          <Field
            name="password"
            type="password"
            label={t('reset.password')}
            hint={t('reset.hint', { min_length: props.minLength })}
            errors={props.errors}
            autoComplete="new-password"
            required
          />
          <Field
            name="password_confirm"
            type="password"
            label={t('reset.confirm')}
            errors={props.errors}
            autoComplete="new-password"
            required
          />
          <div className="form__actions">
            <button className="button button--primary button--block">{t('reset.submit')}</button>
          </div>
        </PostForm>
      </div>
    </StorefrontLayout>
  )
}
