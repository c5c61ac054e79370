import type { DiagnosticStep, Verdict } from '../../email/diagnostics/diagnostic-step.ts'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { PostForm } from '../../web/pages/form.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import { AdminLayout } from './admin-layout.tsx'

const TONE: Record<Verdict, string> = {
  ok: 'success',
  warning: 'warning',
  failed: 'danger',
  skipped: 'info',
}

/** What was examined: the effective host and port, or nothing when no host is set. */
export type DiagnosticsRun = { host: string; port: number; steps: DiagnosticStep[] }

/** One diagnostic step as a card: its title, verdict, hints and details (SMTP, Apple Wallet). */
export const DiagnosticStepCard = (props: {
  id: string
  title: string
  verdict: Verdict
  durationMs?: number
  /** Each hint's key (for tests) and its text in the page's language. */
  hints: { key: string; text: string }[]
  /** Shown as JSON under a disclosure (the SMTP steps' raw findings); none: no disclosure. */
  details?: unknown
}) => {
  const { t } = usePage()
  return (
    <li className="card stack stack--sm" data-step={props.id} data-verdict={props.verdict}>
      <div className="cluster">
        <h3 className="card__title">{props.title}</h3>
        <span className={`badge badge--${TONE[props.verdict]}`}>
          {t(`smtp:verdict.${props.verdict}`)}
        </span>
        {props.durationMs !== undefined ? (
          <span className="muted small">
            {t('email_settings:diagnostics.duration', { ms: props.durationMs })}
          </span>
        ) : null}
      </div>
      {props.hints.length > 0 ? (
        <ul className="stack stack--sm" aria-label={t('email_settings:diagnostics.hints')}>
          {props.hints.map((hint, index) => (
            // Hint values (server replies) are text: React escapes them.
            <li key={`${hint.key}-${index}`} data-hint={hint.key}>
              {hint.text}
            </li>
          ))}
        </ul>
      ) : null}
      {props.details !== undefined ? (
        <details>
          <summary>{t('email_settings:diagnostics.details')}</summary>
          <pre className="small">{JSON.stringify(props.details, null, 2)}</pre>
        </details>
      ) : null}
    </li>
  )
}

const Step = ({ step }: { step: DiagnosticStep }) => {
  const { t } = usePage()
  return (
    <DiagnosticStepCard
      id={step.id}
      title={t(`smtp:step.${step.id}`)}
      verdict={step.verdict}
      durationMs={step.durationMs}
      hints={step.hints.map((hint) => ({ key: hint.key, text: t(hint.key, hint.values) }))}
      details={step.details}
    />
  )
}

/** /admin/email/diagnostics: the button, and each step of the last run with its verdict and hints. */
export const SmtpDiagnosticsPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  run?: DiagnosticsRun
  noHost?: boolean
}) => {
  const { t, urls } = usePage()
  return (
    <AdminLayout
      title={t('email_settings:diagnostics.title')}
      current="diagnostics"
      admin={props.admin}
    >
      <div className="stack stack--lg">
        <PageHeader
          title={t('email_settings:diagnostics.title')}
          lead={t('email_settings:diagnostics.intro')}
          actions={
            <PostForm action={urls.path('adminEmailDiagnostics')}>
              <button className="button button--primary">
                {t('email_settings:diagnostics.run')}
              </button>
            </PostForm>
          }
        />
        {props.noHost ? (
          <div className="alert alert--warning" role="alert">
            <p>{t('email_settings:diagnostics.no_host')}</p>
          </div>
        ) : null}
        {props.run ? (
          <section className="stack">
            <h2>
              {t('email_settings:diagnostics.result_title', {
                host: props.run.host,
                port: props.run.port,
              })}
            </h2>
            <ol className="stack">
              {props.run.steps.map((step) => (
                <Step key={step.id} step={step} />
              ))}
            </ol>
          </section>
        ) : null}
      </div>
    </AdminLayout>
  )
}
