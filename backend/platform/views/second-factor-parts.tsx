import { usePage } from '../../web/pages/page.tsx'
import { ErrorSummary, Field, PostForm } from '../../web/pages/form.tsx'

// Pieces of the second factor shared by the admin's sign-in and the merchant's security page.
// Texts: the `auth:second_factor.*` keys.

/** The code field (`code`): a TOTP code or a recovery code. */
export const CodeField = (props: { errors?: Record<string, string>; label?: string }) => {
  const { t } = usePage()
  return (
    <Field
      name="code"
      label={props.label ?? t('auth:second_factor.code')}
      hint={t('auth:second_factor.code_hint')}
      errors={props.errors}
      autoComplete="one-time-code"
      inputMode="text"
      maxLength={32}
      required
    />
  )
}

/** What to scan or type into an authenticator app, and the first code that confirms it. */
export const TotpEnrolmentForm = (props: {
  action: string
  qrSvg: string
  secret: string
  error?: string | null
  hidden?: Record<string, string | undefined>
  submit: string
}) => {
  const { t } = usePage()
  // Groups of four, as apps show secrets; the spaces are ignored when typed in.
  const grouped = props.secret.match(/.{1,4}/g)?.join(' ') ?? props.secret
  return (
    <PostForm action={props.action} className="card form">
      <ErrorSummary message={props.error} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      <ol className="steps">
        <li>{t('auth:second_factor.enrol_step_app')}</li>
        <li>
          {t('auth:second_factor.enrol_step_scan')}
          <div
            className="qr"
            role="img"
            aria-label={t('auth:second_factor.qr_label')}
            dangerouslySetInnerHTML={{ __html: props.qrSvg }}
          />
          <p>
            {t('auth:second_factor.secret_label')}{' '}
            <code data-totp-secret={props.secret}>{grouped}</code>
          </p>
        </li>
        <li>{t('auth:second_factor.enrol_step_code')}</li>
      </ol>
      <Field
        name="code"
        label={t('auth:second_factor.code')}
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={7}
        required
      />
      <div className="form__actions">
        <button className="button button--primary button--block">{props.submit}</button>
      </div>
    </PostForm>
  )
}

/** The recovery codes, shown once, right after enrolment. */
export const RecoveryCodesPanel = (props: { codes: string[]; continueHref: string }) => {
  const { t } = usePage()
  return (
    <section className="card">
      <h2>{t('auth:second_factor.recovery_title')}</h2>
      <p>{t('auth:second_factor.recovery_lead', { count: props.codes.length })}</p>
      <ul className="recovery-codes" data-recovery-codes="">
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a className="button button--primary" href={props.continueHref}>
          {t('auth:second_factor.continue')}
        </a>
      </p>
    </section>
  )
}
