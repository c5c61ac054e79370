import { usePage } from '../../web/pages/page.tsx'
import { ErrorSummary, PostForm } from '../../web/pages/form.tsx'
import { StaffSignInLayout, type StaffSurface } from '../../web/pages/staff-layout.tsx'
import { CodeField, RecoveryCodesPanel, TotpEnrolmentForm } from './second-factor-parts.tsx'

/** The sign-in's second step: the code from the app (or a recovery code), field `code`. */
export const SecondFactorCodePage = (props: {
  surface: StaffSurface
  action: string
  next?: string
  error?: string | null
}) => {
  const { t } = usePage()
  return (
    <StaffSignInLayout surface={props.surface} title={t('auth:second_factor.verify_title')}>
      <header>
        <h1 className="page-header__title">{t('auth:second_factor.verify_title')}</h1>
        <p className="page-header__subtitle">{t('auth:second_factor.verify_lead')}</p>
      </header>
      <PostForm action={props.action} className="card form">
        <ErrorSummary message={props.error} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <CodeField />
        <div className="form__actions">
          <button className="button button--primary button--block">
            {t('auth:second_factor.verify_submit')}
          </button>
        </div>
      </PostForm>
    </StaffSignInLayout>
  )
}

/** An admin without a second factor sets one up before anything else. */
export const SecondFactorEnrolPage = (props: {
  surface: StaffSurface
  action: string
  next?: string
  qrSvg: string
  secret: string
  error?: string | null
}) => {
  const { t } = usePage()
  return (
    <StaffSignInLayout surface={props.surface} title={t('auth:second_factor.enrol_title')}>
      <header>
        <h1 className="page-header__title">{t('auth:second_factor.enrol_title')}</h1>
        <p className="page-header__subtitle">{t('auth:second_factor.enrol_required')}</p>
      </header>
      <TotpEnrolmentForm
        action={props.action}
        qrSvg={props.qrSvg}
        secret={props.secret}
        error={props.error}
        hidden={{ next: props.next }}
        submit={t('auth:second_factor.enrol_submit')}
      />
    </StaffSignInLayout>
  )
}

/** Enrolled and signed in: the recovery codes, once, then on to the page asked for. */
export const RecoveryCodesPage = (props: {
  surface: StaffSurface
  codes: string[]
  continueHref: string
}) => {
  const { t } = usePage()
  return (
    <StaffSignInLayout surface={props.surface} title={t('auth:second_factor.recovery_title')}>
      <header>
        <h1 className="page-header__title">{t('auth:second_factor.enabled_title')}</h1>
      </header>
      <RecoveryCodesPanel codes={props.codes} continueHref={props.continueHref} />
    </StaffSignInLayout>
  )
}
