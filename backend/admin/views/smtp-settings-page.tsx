import type { ReactNode } from 'react'
import type { SmtpAuthMethod, SmtpSecure } from '../../config.ts'
import { SMTP_AUTH_METHODS, SMTP_SECURE_MODES } from '../../config.ts'
import type { EffectiveSmtpConfig, Sourced } from '../../email/smtp-config.ts'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import {
  Checkbox,
  ErrorSummary,
  Field,
  PostForm,
  SelectField,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import { SourceBadge } from './smtp-layout.tsx'
import { AdminLayout } from './admin-layout.tsx'

/** The effective settings as the page shows them: the password only as "set" or not. */
export type ShownSmtpConfig = Omit<EffectiveSmtpConfig, 'password'> & {
  password: Sourced<'set' | null>
}

/** What the override form holds: the database's values (or what was just typed), as text. */
export type SmtpFormValues = {
  host: string
  port: string
  secure: string
  user: string
  auth_method: string
  from: string
  tls_verify: string
}

/** The outcome of "send a test email", with the settings it went through. */
export type SmtpTestResult = {
  to: string
  host: string | null
  port: number
  secure: SmtpSecure
  authMethod: SmtpAuthMethod
  user: string | null
  from: string
} & ({ ok: true; response: string; messageId: string } | { ok: false; error: string })

const EffectiveTable = ({ smtp }: { smtp: ShownSmtpConfig }) => {
  const { t } = usePage()
  const notSet = <span className="muted">{t('email_settings:common.not_set')}</span>
  const rows: {
    name: 'host' | 'port' | 'secure' | 'user' | 'password' | 'auth_method' | 'from' | 'tls_verify'
    value: ReactNode
    source: Sourced<unknown>['source']
  }[] = [
    { name: 'host', value: smtp.host.value ?? notSet, source: smtp.host.source },
    { name: 'port', value: String(smtp.port.value), source: smtp.port.source },
    {
      name: 'secure',
      value: t(`email_settings:secure.${smtp.secure.value}`),
      source: smtp.secure.source,
    },
    { name: 'user', value: smtp.user.value ?? notSet, source: smtp.user.source },
    {
      name: 'password',
      value: smtp.password.value ? t('email_settings:settings.password_set') : notSet,
      source: smtp.password.source,
    },
    {
      name: 'auth_method',
      value:
        smtp.authMethod.value === 'auto' ? t('email_settings:auth.auto') : smtp.authMethod.value,
      source: smtp.authMethod.source,
    },
    { name: 'from', value: smtp.from.value, source: smtp.from.source },
    {
      name: 'tls_verify',
      value: t(`email_settings:settings.tls_verify.${smtp.tlsVerify.value ? 'yes' : 'no'}`),
      source: smtp.tlsVerify.source,
    },
  ]
  return (
    <div className="card card--flush">
      <div className="table-wrap">
        <table className="table table--stack" data-effective-smtp>
          <thead>
            <tr>
              <th scope="col">{t('email_settings:settings.setting')}</th>
              <th scope="col">{t('email_settings:settings.value')}</th>
              <th scope="col">{t('email_settings:settings.source_column')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name} data-setting={row.name}>
                <th scope="row">{t(`email_settings:settings.field.${row.name}`)}</th>
                <td data-label={t('email_settings:settings.value')}>{row.value}</td>
                <td data-label={t('email_settings:settings.source_column')}>
                  <SourceBadge source={row.source} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

const TestResult = ({ result }: { result: SmtpTestResult }) => {
  const { t } = usePage()
  return (
    <div
      className={`alert alert--${result.ok ? 'success' : 'error'}`}
      role={result.ok ? 'status' : 'alert'}
      data-test-result={result.ok ? 'sent' : 'failed'}
    >
      <p className="alert__title">
        {result.ok
          ? t('email_settings:test.sent', { to: result.to })
          : t('email_settings:test.failed')}
      </p>
      <dl className="details">
        <div className="details__row">
          <dt>{t('email_settings:settings.field.host')}</dt>
          <dd>{result.host ?? t('email_settings:common.not_set')}</dd>
        </div>
        <div className="details__row">
          <dt>{t('email_settings:settings.field.port')}</dt>
          <dd>{result.port}</dd>
        </div>
        <div className="details__row">
          <dt>{t('email_settings:settings.field.secure')}</dt>
          <dd>{t(`email_settings:secure.${result.secure}`)}</dd>
        </div>
        <div className="details__row">
          <dt>{t('email_settings:settings.field.auth_method')}</dt>
          <dd>
            {result.authMethod === 'auto' ? t('email_settings:auth.auto') : result.authMethod}
            {result.user ? ` (${result.user})` : ''}
          </dd>
        </div>
        <div className="details__row">
          <dt>{t('email_settings:settings.field.from')}</dt>
          <dd>{result.from}</dd>
        </div>
        <div className="details__row">
          <dt>{result.ok ? t('email_settings:test.answer') : t('email_settings:test.error')}</dt>
          <dd>
            <code data-server-answer>{result.ok ? result.response : result.error}</code>
          </dd>
        </div>
      </dl>
    </div>
  )
}

/** /admin/email/settings: the settings in force and their origin, the override form, the test email. */
export const SmtpSettingsPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  smtp: ShownSmtpConfig
  values: SmtpFormValues
  errors?: FieldErrors
  saved?: boolean
  testTo?: string
  testErrors?: FieldErrors
  testResult?: SmtpTestResult
}) => {
  const { t, urls } = usePage()
  const errors = props.errors ?? {}
  const useEnv = { value: '', label: t('email_settings:common.use_env') }
  return (
    <AdminLayout title={t('email_settings:settings.title')} current="settings" admin={props.admin}>
      <div className="stack stack--lg">
        <PageHeader
          title={t('email_settings:settings.title')}
          lead={t('email_settings:settings.intro')}
        />
        {props.saved ? (
          <div className="alert alert--success" role="status">
            <p>{t('email_settings:settings.saved')}</p>
          </div>
        ) : null}
        {props.smtp.localMailbox ? (
          <div className="alert alert--info" role="status">
            <p>{t('email_settings:settings.local_mailbox')}</p>
          </div>
        ) : null}
        {props.smtp.problems.length > 0 ? (
          <div className="alert alert--warning" role="alert">
            <p className="alert__title">{t('email_settings:settings.problems_title')}</p>
            {props.smtp.problems.map((problem) => (
              <p key={problem}>{problem}</p>
            ))}
          </div>
        ) : null}

        <section className="stack">
          <h2>{t('email_settings:settings.effective_title')}</h2>
          <EffectiveTable smtp={props.smtp} />
        </section>

        <section className="card">
          <PostForm action={urls.path('adminEmailTest')}>
            <div className="form-section">
              <h2 className="form-section__title">{t('email_settings:test.title')}</h2>
              <p className="form-section__hint">{t('email_settings:test.intro')}</p>
            </div>
            <Field
              name="to"
              type="email"
              label={t('email_settings:test.to')}
              value={props.testTo ?? props.admin.email}
              errors={props.testErrors ?? {}}
              autoComplete="email"
            />
            <div className="form__actions">
              <button className="button button--secondary">{t('email_settings:test.send')}</button>
            </div>
          </PostForm>
          {props.testResult ? <TestResult result={props.testResult} /> : null}
        </section>

        <section className="card">
          <PostForm action={urls.path('adminEmailSettings')}>
            <div className="form-section">
              <h2 className="form-section__title">{t('email_settings:settings.form_title')}</h2>
              <p className="form-section__hint">{t('email_settings:settings.hint.form')}</p>
            </div>
            <ErrorSummary
              message={
                Object.keys(errors).length > 0 ? t('email_settings:settings.error.summary') : null
              }
            />
            <div className="form-grid">
              <Field
                name="host"
                label={t('email_settings:settings.field.host')}
                value={props.values.host}
                errors={errors}
                optional
              />
              <Field
                name="port"
                label={t('email_settings:settings.field.port')}
                value={props.values.port}
                errors={errors}
                optional
              />
              <SelectField
                name="secure"
                label={t('email_settings:settings.field.secure')}
                value={props.values.secure}
                errors={errors}
                options={[
                  useEnv,
                  ...SMTP_SECURE_MODES.map((mode) => ({
                    value: mode,
                    label: t(`email_settings:secure.${mode}`),
                  })),
                ]}
              />
              <SelectField
                name="auth_method"
                label={t('email_settings:settings.field.auth_method')}
                value={props.values.auth_method}
                errors={errors}
                options={[
                  useEnv,
                  ...SMTP_AUTH_METHODS.map((method) => ({
                    value: method,
                    label: method === 'auto' ? t('email_settings:auth.auto') : method,
                  })),
                ]}
              />
              <Field
                name="user"
                label={t('email_settings:settings.field.user')}
                value={props.values.user}
                errors={errors}
                autoComplete="off"
                optional
              />
              <Field
                name="password"
                type="password"
                label={t('email_settings:settings.field.password')}
                hint={t('email_settings:settings.hint.password')}
                errors={errors}
                autoComplete="new-password"
                optional
              />
              <Field
                name="from"
                label={t('email_settings:settings.field.from')}
                value={props.values.from}
                errors={errors}
                optional
              />
              <SelectField
                name="tls_verify"
                label={t('email_settings:settings.field.tls_verify')}
                value={props.values.tls_verify}
                errors={errors}
                options={[
                  useEnv,
                  { value: 'yes', label: t('email_settings:settings.tls_verify.yes') },
                  { value: 'no', label: t('email_settings:settings.tls_verify.no') },
                ]}
              />
              <div className="form-grid__full">
                <Checkbox
                  name="clear_password"
                  label={t('email_settings:settings.clear_password')}
                />
              </div>
            </div>
            <div className="form__actions">
              <button className="button button--primary">
                {t('email_settings:settings.save')}
              </button>
            </div>
          </PostForm>
        </section>
      </div>
    </AdminLayout>
  )
}
