import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import type { ImportProblem } from '../../imports/member-import-file.ts'
import type { ImportStatus, MemberImportView } from '../../imports/queries/member-imports.ts'
import { Checkbox, ErrorSummary, PostForm } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { Pagination } from '../../web/pages/pagination.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import { MerchantLayout } from './merchant-layout.tsx'

export const PROBLEMS_PER_PAGE = 100

const BADGE: Record<ImportStatus, string> = {
  checked: 'badge badge--info',
  queued: 'badge badge--warning',
  running: 'badge badge--warning',
  done: 'badge badge--success',
  failed: 'badge badge--danger',
}

export const ImportStatusBadge = ({ status }: { status: ImportStatus }) => {
  const { t } = usePage()
  return <span className={BADGE[status]}>{t(`imports.statuses.${status}`)}</span>
}

/** Counts and the progress bar of a started import; refreshes itself while it runs. */
const Progress = ({ item }: { item: MemberImportView }) => {
  const { t, format, urls } = usePage()
  const running = item.status === 'queued' || item.status === 'running'
  return (
    <section
      className="card"
      aria-labelledby="import-progress-title"
      id="import-progress"
      {...(running ? { 'data-refresh-while': 'running' } : {})}
    >
      <header className="card__header">
        <h2 className="card__title" id="import-progress-title">
          {t('imports.progress_title')}
        </h2>
        <ImportStatusBadge status={item.status} />
      </header>
      <div className="stack">
        <progress
          className="progress"
          max={Math.max(1, item.validLines)}
          value={item.status === 'done' ? Math.max(1, item.validLines) : item.processed}
          aria-label={t('imports.progress_title')}
        />
        <p aria-live="polite">
          {t('imports.progress', {
            processed: format.number(item.processed),
            total: format.number(item.validLines),
          })}
        </p>
        <dl className="details">
          <div className="details__row">
            <dt>{t('imports.imported')}</dt>
            <dd>{format.number(item.imported)}</dd>
          </div>
          <div className="details__row">
            <dt>{t('imports.skipped')}</dt>
            <dd>{format.number(item.skipped)}</dd>
          </div>
          <div className="details__row">
            <dt>{t('imports.not_imported')}</dt>
            <dd>{format.number(item.totalLines - item.validLines)}</dd>
          </div>
          <div className="details__row">
            <dt>{t('imports.welcome')}</dt>
            <dd>{item.sendWelcome ? t('imports.yes') : t('imports.no')}</dd>
          </div>
        </dl>
        {item.status === 'failed' ? (
          <div className="alert alert--error" role="alert">
            <p>{t('imports.failed')}</p>
          </div>
        ) : null}
        {running ? (
          <p className="muted small">
            {t('imports.refresh_hint')}{' '}
            <a href={urls.path('merchantImport', { id: item.id })}>{t('imports.refresh')}</a>
          </p>
        ) : null}
      </div>
    </section>
  )
}

/**
 * One import: its dry run (every line's problems, 100 a page) and the start form; once started,
 * its progress (counts committed with each batch) and its outcome.
 */
export const MerchantImportPage = (props: {
  merchantName: string
  storeNames: string[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  memberImport: MemberImportView
  problems: ImportProblem[]
  page: number
  refused?: string | undefined
}) => {
  const { t, urls, format } = usePage()
  const item = props.memberImport
  const totalPages = Math.max(1, Math.ceil(item.problemCount / PROBLEMS_PER_PAGE))
  return (
    <MerchantLayout
      title={item.fileName}
      current="imports"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader
        title={item.fileName}
        lead={t('imports.summary', {
          lines: format.number(item.totalLines),
          valid: format.number(item.validLines),
          problems: format.number(item.problemCount),
          store: item.storeName,
        })}
        back={{ href: urls.path('merchantImports'), label: t('imports.title') }}
      />
      <div className="stack--lg">
        <ErrorSummary message={props.refused} />
        {item.status === 'checked' ? (
          <section className="card" aria-labelledby="import-run-title">
            <header className="card__header">
              <h2 className="card__title" id="import-run-title">
                {t('imports.run_title')}
              </h2>
              <ImportStatusBadge status={item.status} />
            </header>
            {item.validLines > 0 ? (
              <PostForm action={urls.path('merchantImportRun', { id: item.id })} className="form">
                <input type="hidden" name="version" value={item.version} />
                <p>
                  {t('imports.run_lead', {
                    count: item.validLines,
                    valid: format.number(item.validLines),
                  })}
                </p>
                <Checkbox name="send_welcome" label={t('imports.send_welcome')} />
                <div className="form__actions">
                  <button className="button button--primary">{t('imports.run')}</button>
                </div>
              </PostForm>
            ) : (
              <p>{t('imports.nothing_to_import')}</p>
            )}
          </section>
        ) : (
          <Progress item={item} />
        )}
        <TableCard
          id="import-problems"
          title={t('imports.problems_title')}
          lead={t('imports.problems_lead')}
          columns={[
            { label: t('imports.line'), numeric: true },
            { label: t('imports.column') },
            { label: t('imports.problem') },
          ]}
          empty={item.problemCount === 0 ? t('imports.no_problems') : null}
        >
          {props.problems.map((p) => (
            <tr key={`${p.line}-${p.field}`} data-problem={p.code}>
              <td data-label={t('imports.line')} className="num">
                {format.number(p.line)}
              </td>
              <td data-label={t('imports.column')}>
                <code>{p.field}</code>
              </td>
              <td data-label={t('imports.problem')}>{t(`imports.problems.${p.code}`)}</td>
            </tr>
          ))}
        </TableCard>
        {totalPages > 1 ? (
          <Pagination
            page={props.page}
            totalPages={totalPages}
            href={(page) => urls.path('merchantImport', { id: item.id }, { page: String(page) })}
            texts="merchant:review_page.pagination"
            total={item.problemCount}
          />
        ) : null}
      </div>
    </MerchantLayout>
  )
}
