import type { SessionAdmin } from '../../accounts/accounts.ts'
import type { AppleDiagnosticStep } from '../../wallet/apple/diagnostics.ts'
import type { AppleWalletOverview } from '../../wallet/apple/queries/apple-wallet-overview.ts'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import {
  ErrorSummary,
  Field,
  PostForm,
  TextAreaField,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import { AdminLayout } from './admin-layout.tsx'
import { DiagnosticStepCard } from './smtp-diagnostics-page.tsx'

/** What the form holds: the saved ids or what was typed; certificates as typed (never the key). */
export type AppleWalletFormValues = {
  pass_type_id: string
  team_id: string
  signer_certificate: string
  wwdr_certificate: string
}

const SOURCE_TONE = { database: 'accent', demo: 'warning', none: 'danger' } as const

const InForce = ({ overview }: { overview: AppleWalletOverview }) => {
  const { t, format } = usePage()
  const notSet = <span className="muted">{t('email_settings:common.not_set')}</span>
  return (
    <dl className="details" data-apple-source={overview.source}>
      <div className="details__row">
        <dt>{t('wallet_apple:admin.in_force')}</dt>
        <dd>
          <span className={`badge badge--${SOURCE_TONE[overview.source]}`}>
            {t(`wallet_apple:admin.source.${overview.source}`)}
          </span>
        </dd>
      </div>
      <div className="details__row">
        <dt>{t('wallet_apple:admin.pass_type_id')}</dt>
        <dd>{overview.passTypeId ? <code>{overview.passTypeId}</code> : notSet}</dd>
      </div>
      <div className="details__row">
        <dt>{t('wallet_apple:admin.team_id')}</dt>
        <dd>{overview.teamId ? <code>{overview.teamId}</code> : notSet}</dd>
      </div>
      <div className="details__row">
        <dt>{t('wallet_apple:admin.certificate')}</dt>
        <dd>{overview.certificateSubject ?? notSet}</dd>
      </div>
      <div className="details__row">
        <dt>{t('wallet_apple:admin.valid_until')}</dt>
        <dd>
          {overview.certificateValidTo
            ? format.date(new Date(overview.certificateValidTo))
            : notSet}
        </dd>
      </div>
    </dl>
  )
}

/**
 * /admin/wallet/apple: the signing in force (saved certificates, the demo CA, or none), the
 * form to upload the certificates as PEM, and the diagnostics step by step.
 */
export const WalletApplePage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  overview: AppleWalletOverview
  values: AppleWalletFormValues
  errors?: FieldErrors
  saved?: boolean
  steps?: AppleDiagnosticStep[]
}) => {
  const { t, urls } = usePage()
  const errors = props.errors ?? {}
  const { overview } = props
  return (
    <AdminLayout title={t('wallet_apple:admin.title')} current="wallet_apple" admin={props.admin}>
      <div className="stack stack--lg">
        <PageHeader title={t('wallet_apple:admin.title')} lead={t('wallet_apple:admin.lead')} />
        {props.saved ? (
          <div className="alert alert--success" role="status">
            <p>{t('wallet_apple:admin.saved')}</p>
          </div>
        ) : null}
        {overview.source === 'demo' ? (
          <div className="alert alert--warning" role="status" data-demo-notice>
            <p>{t('wallet_apple:admin.demo_notice')}</p>
          </div>
        ) : overview.source === 'none' ? (
          <div className="alert alert--warning" role="status">
            <p>{t('wallet_apple:admin.none_notice')}</p>
          </div>
        ) : null}

        <section className="card stack">
          <InForce overview={overview} />
        </section>

        <section className="stack" aria-labelledby="apple-diagnostics">
          <h2 id="apple-diagnostics">{t('wallet_apple:diagnostics.title')}</h2>
          <p className="muted">{t('wallet_apple:diagnostics.intro')}</p>
          <PostForm action={urls.path('adminWalletAppleDiagnostics')}>
            <div>
              <button className="button button--secondary">
                {t('wallet_apple:diagnostics.run')}
              </button>
            </div>
          </PostForm>
          {props.steps ? (
            <ol className="stack" data-apple-diagnostics>
              {props.steps.map((step) => (
                <DiagnosticStepCard
                  key={step.id}
                  id={step.id}
                  title={t(`wallet_apple:diagnostics.step.${step.id}`)}
                  verdict={step.verdict}
                  hints={step.hints.map((hint) => ({
                    // The hint's name (its full key would read as a raw key to the page tests).
                    key: hint.key.replace('wallet_apple:hint.', ''),
                    text: t(hint.key, {
                      ...hint.values,
                      ...(hint.values.certificate === 'signer' || hint.values.certificate === 'wwdr'
                        ? {
                            certificate: t(
                              `wallet_apple:diagnostics.certificate_name.${hint.values.certificate}`,
                            ),
                          }
                        : {}),
                    }),
                  }))}
                  details={step.details}
                />
              ))}
            </ol>
          ) : null}
        </section>

        <section className="card stack">
          <h2>{t('wallet_apple:admin.form_title')}</h2>
          <p className="muted">{t('wallet_apple:admin.form_lead')}</p>
          <ErrorSummary
            message={Object.keys(errors).length > 0 ? t('wallet_apple:admin.errors.summary') : null}
          />
          <PostForm action={urls.path('adminWalletApple')}>
            <Field
              name="pass_type_id"
              label={t('wallet_apple:admin.pass_type_id')}
              hint={t('wallet_apple:admin.pass_type_id_hint')}
              value={props.values.pass_type_id}
              errors={errors}
              autoComplete="off"
            />
            <Field
              name="team_id"
              label={t('wallet_apple:admin.team_id')}
              hint={t('wallet_apple:admin.team_id_hint')}
              value={props.values.team_id}
              errors={errors}
              autoComplete="off"
              maxLength={10}
            />
            <TextAreaField
              name="signer_certificate"
              label={t('wallet_apple:admin.signer_certificate')}
              hint={
                overview.saved.signerCertificate ? t('wallet_apple:admin.file_saved') : undefined
              }
              value={props.values.signer_certificate}
              rows={5}
              spellCheck={false}
              errors={errors}
            />
            <TextAreaField
              name="signer_key"
              label={t('wallet_apple:admin.signer_key')}
              hint={overview.saved.signerKey ? t('wallet_apple:admin.key_saved') : undefined}
              value=""
              rows={5}
              spellCheck={false}
              errors={errors}
            />
            <TextAreaField
              name="wwdr_certificate"
              label={t('wallet_apple:admin.wwdr_certificate')}
              hint={overview.saved.wwdrCertificate ? t('wallet_apple:admin.file_saved') : undefined}
              value={props.values.wwdr_certificate}
              rows={5}
              spellCheck={false}
              errors={errors}
            />
            <div className="form__actions">
              <button className="button button--primary">{t('wallet_apple:admin.save')}</button>
            </div>
          </PostForm>
        </section>
      </div>
    </AdminLayout>
  )
}
