import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import {
  ErrorSummary,
  NewPasswordFields,
  PostForm,
  type FieldErrors,
} from '../../web/pages/form.tsx'

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
          <NewPasswordFields
            labels={{
              password: t('reset.password'),
              hint: t('reset.hint', { min_length: props.minLength }),
              confirm: t('reset.confirm'),
            }}
            errors={props.errors}
          />
          <div className="form__actions">
            <button className="button button--primary button--block">{t('reset.submit')}</button>
          </div>
        </PostForm>
      </div>
    </StorefrontLayout>
  )
}
