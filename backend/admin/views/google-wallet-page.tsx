import type { SessionAdmin } from '../../accounts/accounts.ts'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import {
  ErrorSummary,
  Field,
  PostForm,
  TextAreaField,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import type { GoogleWalletSettingsView } from '../../wallet/google/google-wallet-settings.ts'
import type { WalletDiagnosticStep } from '../../wallet/google/diagnostics.ts'
import { AdminLayout } from './admin-layout.tsx'
import { DiagnosticStepCard } from './smtp-diagnostics-page.tsx'

/** What the form holds: the saved values, or what was just typed. */
export type GoogleWalletFormValues = {
  issuer_id: string
  allowed_origins: string
  default_logo_url: string
  version: string
}

const KeyField = (props: { settings: GoogleWalletSettingsView; error: string | undefined }) => {
  const { t } = usePage()
  return (
    <div className="field">
      <label className="field__label" htmlFor="field-service_account">
        {t('wallet:admin.fields.service_account')}
      </label>
      <p className="field__hint" id="field-service_account-hint">
        {t('wallet:admin.fields.service_account_hint')}
      </p>
      <p className="small wallet-key" data-key-saved={props.settings.hasKey ? 'yes' : 'no'}>
        {props.settings.hasKey
          ? t('wallet:admin.fields.service_account_saved', {
              email: props.settings.serviceAccountEmail ?? '',
              id: props.settings.privateKeyId ?? '—',
            })
          : t('wallet:admin.fields.service_account_none')}
      </p>
      <input
        className="input"
        id="field-service_account"
        name="service_account"
        type="file"
        accept="application/json,.json"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={
          props.error
            ? 'field-service_account-hint field-service_account-error'
            : 'field-service_account-hint'
        }
      />
      {props.error ? (
        <p className="field__error" id="field-service_account-error">
          {props.error}
        </p>
      ) : null}
    </div>
  )
}

/** One step of the Google Wallet diagnostics, drawn as the SMTP diagnostics draw theirs. */
const DiagnosticStep = ({ step }: { step: WalletDiagnosticStep }) => {
  const { t } = usePage()
  return (
    <DiagnosticStepCard
      id={step.step}
      title={t(`wallet:admin.diagnostics.step.${step.step}`, step.subject)}
      verdict={step.status}
      hints={[
        {
          key: step.message,
          text: t(
            `wallet:admin.diagnostics.message.${step.message}` as 'wallet:admin.diagnostics.message.key_ok',
            step.values,
          ),
        },
      ]}
    />
  )
}

/**
 * /admin/wallet: the Google Wallet issuer (id, service-account key uploaded once and never shown
 * again, allowed origins, default logo) and the step-by-step diagnostics below it.
 */
export const GoogleWalletPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  settings: GoogleWalletSettingsView
  values: GoogleWalletFormValues
  endpoints: { tokenUrl: string; apiUrl: string }
  errors?: FieldErrors
  saved?: boolean
  conflict?: boolean
  diagnostics?: WalletDiagnosticStep[]
}) => {
  const { t, urls } = usePage()
  const errors = props.errors ?? {}
  return (
    <AdminLayout title={t('wallet:admin.title')} current="google_wallet" admin={props.admin}>
      <div className="stack stack--lg">
        <PageHeader title={t('wallet:admin.title')} lead={t('wallet:admin.lead')} />
        {props.saved ? (
          <div className="alert alert--success" role="status">
            <p>{t('wallet:admin.saved')}</p>
          </div>
        ) : null}
        {props.conflict ? <ErrorSummary message={t('wallet:admin.conflict')} /> : null}
        <section className="card">
          <PostForm action={urls.path('adminWallet')} encType="multipart/form-data">
            <ErrorSummary
              message={Object.keys(errors).length > 0 ? Object.values(errors).join(' ') : null}
            />
            <input type="hidden" name="version" value={props.values.version} />
            <div className="form-grid">
              <Field
                name="issuer_id"
                label={t('wallet:admin.fields.issuer_id')}
                hint={t('wallet:admin.fields.issuer_id_hint')}
                value={props.values.issuer_id}
                inputMode="numeric"
                errors={errors}
              />
              <Field
                name="default_logo_url"
                label={t('wallet:admin.fields.default_logo_url')}
                hint={t('wallet:admin.fields.default_logo_url_hint')}
                value={props.values.default_logo_url}
                type="url"
                optional
                errors={errors}
              />
            </div>
            <KeyField settings={props.settings} error={errors.service_account} />
            <TextAreaField
              name="allowed_origins"
              label={t('wallet:admin.fields.allowed_origins')}
              hint={t('wallet:admin.fields.allowed_origins_hint')}
              value={props.values.allowed_origins}
              rows={3}
              spellCheck={false}
              errors={errors}
            />
            <div className="button-row">
              <button className="button button--primary">{t('wallet:admin.save')}</button>
            </div>
          </PostForm>
        </section>
        <section className="stack" aria-labelledby="wallet-diagnostics">
          <div className="cluster">
            <h2 id="wallet-diagnostics">{t('wallet:admin.diagnostics.title')}</h2>
            <PostForm action={urls.path('adminWalletDiagnostics')} className="inline-form">
              <button className="button button--secondary">
                {t('wallet:admin.diagnostics.run')}
              </button>
            </PostForm>
          </div>
          <p className="muted">{t('wallet:admin.diagnostics.lead')}</p>
          <p className="muted small">
            {t('wallet:admin.diagnostics.endpoints', {
              token: props.endpoints.tokenUrl,
              api: props.endpoints.apiUrl,
            })}
          </p>
          {props.diagnostics ? (
            <ol className="stack wallet-diagnostics">
              {props.diagnostics.map((step, index) => (
                <DiagnosticStep key={`${step.step}-${index}`} step={step} />
              ))}
            </ol>
          ) : null}
        </section>
      </div>
    </AdminLayout>
  )
}
