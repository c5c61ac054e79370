import { usePage } from '../../web/pages/page.tsx'
import { LoginForm, type FieldErrors } from '../../web/pages/form.tsx'
import { StaffSignInLayout, type StaffSurface } from '../../web/pages/staff-layout.tsx'

/**
 * The sign-in page of a staff surface. Its texts are the surface namespace's `login.*` (the
 * merchant and admin namespaces both have them).
 */
export const StaffLoginPage = (props: {
  surface: StaffSurface
  action: string
  next: string | undefined
  email?: string
  /** The form's answer: wrong credentials, too many attempts. */
  error?: string | null
  errors?: FieldErrors
  /** The browser came with a session that has ended. */
  expired?: boolean
}) => {
  const { t } = usePage()
  return (
    <StaffSignInLayout surface={props.surface} title={t('login.title')}>
      <header>
        <h1 className="page-header__title">{t('login.title')}</h1>
        <p className="page-header__subtitle">{t('login.lead')}</p>
      </header>
      {props.expired && !props.error ? (
        <div className="alert alert--info" role="status">
          <p>{t('login.expired')}</p>
        </div>
      ) : null}
      <LoginForm
        action={props.action}
        email={props.email}
        next={props.next}
        error={props.error}
        errors={props.errors}
      />
    </StaffSignInLayout>
  )
}
