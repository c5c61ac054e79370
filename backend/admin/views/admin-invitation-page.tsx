import { usePage } from '../../web/pages/page.tsx'
import {
  ErrorSummary,
  NewPasswordFields,
  PostForm,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import { StaffLinkRefusedPage, StaffSignInLayout } from '../../web/pages/staff-layout.tsx'

/** A new admin (or one given a new link) chooses a password; the second factor comes next. */
export const AdminSetPasswordPage = (props: {
  token: string
  minLength: number
  errors?: FieldErrors
  error?: string | null
}) => {
  const { t, urls } = usePage()
  return (
    <StaffSignInLayout surface="admin" title={t('admin_invitation.title')}>
      <header>
        <h1 className="page-header__title">{t('admin_invitation.title')}</h1>
        <p className="page-header__subtitle">{t('admin_invitation.lead')}</p>
      </header>
      <PostForm action={urls.path('adminInvitation', { token: props.token })} className="card form">
        <ErrorSummary message={props.error} />
        <NewPasswordFields
          labels={{
            password: t('admin_invitation.password'),
            hint: t('admin_invitation.password_hint', { min_length: props.minLength }),
            confirm: t('admin_invitation.password_confirm'),
          }}
          errors={props.errors}
        />
        <div className="form__actions">
          <button className="button button--primary button--block">
            {t('admin_invitation.submit')}
          </button>
        </div>
      </PostForm>
    </StaffSignInLayout>
  )
}

/** A link that cannot be used (unknown, used, expired). */
export const AdminLinkRefusedPage = (props: { message: string }) => {
  const { t } = usePage()
  return (
    <StaffLinkRefusedPage
      surface="admin"
      title={t('admin_invitation.refused_title')}
      message={props.message}
      loginLabel={t('admin_invitation.to_login')}
    />
  )
}
