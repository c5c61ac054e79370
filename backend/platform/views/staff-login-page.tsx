import { usePage } from '../../web/pages/page.tsx'
import { ErrorSummary, Field, PostForm, type FieldErrors } from '../../web/pages/form.tsx'
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
      <PostForm action={props.action} className="card form">
        <ErrorSummary message={props.error} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <Field
          name="email"
          type="email"
          label={t('login.email')}
          value={props.email}
          errors={props.errors}
          autoComplete="username"
          required
        />
        <Field
          name="password"
          type="password"
          label={t('login.password')}
          errors={props.errors}
          autoComplete="current-password"
          required
        />
        <div className="form__actions">
          <button className="button button--primary button--block">{t('login.submit')}</button>
        </div>
      </PostForm>
    </StaffSignInLayout>
  )
}
