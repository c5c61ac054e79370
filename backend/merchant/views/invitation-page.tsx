import { usePage } from '../../web/pages/page.tsx'
import {
  ErrorSummary,
  NewPasswordFields,
  PostForm,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import { StaffLinkRefusedPage, StaffSignInLayout } from '../../web/pages/staff-layout.tsx'

/** An invitee chooses a password from the invitation link (the token stays in the URL). */
export const AcceptInvitationPage = (props: {
  token: string
  name: string
  email: string
  merchantName: string
  minLength: number
  errors?: FieldErrors
  error?: string | null
}) => {
  const { t, urls } = usePage()
  return (
    <StaffSignInLayout
      surface="merchant"
      title={t('invitation.accept_title', { merchant: props.merchantName })}
    >
      <header>
        <h1 className="page-header__title">
          {t('invitation.accept_title', { merchant: props.merchantName })}
        </h1>
        <p className="page-header__subtitle">
          {t('invitation.accept_lead', { name: props.name, email: props.email })}
        </p>
      </header>
      <PostForm
        action={urls.path('merchantInvitation', { token: props.token })}
        className="card form"
      >
        <ErrorSummary message={props.error} />
        <NewPasswordFields
          labels={{
            password: t('invitation.password'),
            hint: t('invitation.password_hint', { min_length: props.minLength }),
            confirm: t('invitation.password_confirm'),
          }}
          errors={props.errors}
        />
        <div className="form__actions">
          <button className="button button--primary button--block">
            {t('invitation.accept_submit')}
          </button>
        </div>
      </PostForm>
    </StaffSignInLayout>
  )
}

/** A link that cannot be used (unknown, used, expired). */
export const InvitationRefusedPage = (props: { message: string }) => {
  const { t } = usePage()
  return (
    <StaffLinkRefusedPage
      surface="merchant"
      title={t('invitation.refused_title')}
      message={props.message}
      loginLabel={t('invitation.to_login')}
    />
  )
}
