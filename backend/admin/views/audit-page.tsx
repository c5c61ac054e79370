import type { SessionAdmin } from '../../accounts/accounts.ts'
import { Field, SelectField } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { Pagination } from '../../web/pages/pagination.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { AuditFilters, AuditRow } from '../queries/audit-log.ts'
import { AdminLayout } from './admin-layout.tsx'

const show = (value: unknown) =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value)

/** A row's change, field by field: `name: Old → New` (only the fields that changed). */
const Difference = ({ row }: { row: AuditRow }) => {
  const { t } = usePage()
  const keys = [...new Set([...Object.keys(row.before ?? {}), ...Object.keys(row.after ?? {})])]
  if (keys.length === 0)
    return Object.keys(row.data).length === 0 ? (
      <span className="muted">—</span>
    ) : (
      <code className="small">{JSON.stringify(row.data)}</code>
    )
  return (
    <ul className="audit-change small">
      {keys.map((key) => (
        <li key={key}>
          <strong>{key}</strong>:{' '}
          {row.before === null ? (
            <>
              <span className="muted">{t('back_office:audit.created')}</span>{' '}
              {show(row.after?.[key])}
            </>
          ) : row.after === null ? (
            <>
              <del>{show(row.before[key])}</del>{' '}
              <span className="muted">{t('back_office:audit.deleted')}</span>
            </>
          ) : (
            <>
              <del>{show(row.before[key])}</del> → <ins>{show(row.after[key])}</ins>
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

/** The audit log: filters (merchant, actor, action, dates), a page of rows, a CSV download. */
export const AuditPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  filters: AuditFilters
  merchants: { id: string; name: string }[]
  rows: AuditRow[]
  total: number
  page: number
  pages: number
}) => {
  const { t, urls, format } = usePage()
  const f = props.filters
  const query = (extra: Record<string, string>) => ({ ...f, ...extra })
  return (
    <AdminLayout title={t('back_office:audit.title')} current="audit" admin={props.admin}>
      <PageHeader
        title={t('back_office:audit.title')}
        lead={t('back_office:audit.lead', { count: props.total })}
        actions={
          <a
            className="button button--secondary"
            href={urls.path('adminAuditCsv', null, query({}))}
            download
          >
            {t('back_office:audit.csv')}
          </a>
        }
      />
      <form className="toolbar" method="get" action={urls.path('adminAudit')} role="search">
        <SelectField
          name="merchant"
          label={t('back_office:audit.merchant')}
          value={f.merchant ?? ''}
          options={[
            { value: '', label: t('back_office:audit.any_merchant') },
            ...props.merchants.map((m) => ({ value: m.id, label: m.name })),
          ]}
        />
        <Field
          name="actor"
          type="search"
          label={t('back_office:audit.actor')}
          hint={t('back_office:audit.actor_hint')}
          value={f.actor ?? ''}
        />
        <Field
          name="action"
          type="search"
          label={t('back_office:audit.action')}
          hint={t('back_office:audit.action_hint')}
          value={f.action ?? ''}
        />
        <Field name="from" type="date" label={t('back_office:audit.from')} value={f.from ?? ''} />
        <Field name="to" type="date" label={t('back_office:audit.to')} value={f.to ?? ''} />
        <div className="toolbar__spacer" />
        <button className="button button--secondary">{t('back_office:audit.filter')}</button>
        <a className="button button--ghost" href={urls.path('adminAudit')}>
          {t('back_office:audit.reset')}
        </a>
      </form>
      <TableCard
        id="audit"
        title={t('back_office:audit.rows_title')}
        columns={[
          { label: t('back_office:audit.when') },
          { label: t('back_office:audit.merchant') },
          { label: t('back_office:audit.actor') },
          { label: t('back_office:audit.action') },
          { label: t('back_office:audit.change') },
        ]}
        empty={props.rows.length === 0 ? t('back_office:audit.empty') : undefined}
      >
        {props.rows.map((row) => (
          <tr key={row.id}>
            <td data-label={t('back_office:audit.when')}>{format.dateTime(row.createdAt)}</td>
            <td data-label={t('back_office:audit.merchant')}>{row.merchantName ?? '—'}</td>
            <td data-label={t('back_office:audit.actor')}>
              <span>
                {row.actorName ? (
                  <>
                    <strong>{row.actorName}</strong>
                    <br />
                  </>
                ) : null}
                {row.actorType}
                {row.actorId ? (
                  <>
                    <br />
                    <span className="muted small">{row.actorId}</span>
                  </>
                ) : null}
              </span>
            </td>
            <td data-label={t('back_office:audit.action')}>
              <code>{row.action}</code>
            </td>
            <td data-label={t('back_office:audit.change')}>
              <Difference row={row} />
            </td>
          </tr>
        ))}
      </TableCard>
      <Pagination
        page={props.page}
        totalPages={props.pages}
        total={props.total}
        texts="email_admin:pagination"
        href={(page) => urls.path('adminAudit', null, query({ page: String(page) }))}
      />
    </AdminLayout>
  )
}
