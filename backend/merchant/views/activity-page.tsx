import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { AUDIT_ACTIONS, isAuditAction } from '../../audit/audit-actions.ts'
import type { ActivityEntry, ActivityFilters } from '../../audit/queries/merchant-activity.ts'
import { Field, SelectField } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { Pagination } from '../../web/pages/pagination.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { ListTable } from '../../web/pages/table-card.tsx'
import { MerchantLayout } from './merchant-layout.tsx'

/** Every audit action's words on the page (backend/audit/audit-actions.ts); a code not listed — an action no longer written — shows as it is. */
const labelKeyOf = (action: string) => (isAuditAction(action) ? AUDIT_ACTIONS[action] : null)

export type ActivityPageProps = {
  merchantName: string
  storeNames: string[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  entries: ActivityEntry[]
  total: number
  page: number
  perPage: number
  filters: ActivityFilters
  people: { value: string; name: string }[]
  actions: string[]
  /** The date filters that are not days (shown as such, not applied). */
  invalid: ('from' | 'to')[]
}

const ActionText = ({ action }: { action: string }) => {
  const { t } = usePage()
  const key = labelKeyOf(action)
  return key ? <>{t(`activity.actions.${key}`)}</> : <code>{action}</code>
}

/** The merchant's own audit trail: who did what, when; filtered by person, action and days. */
export const MerchantActivityPage = (props: ActivityPageProps) => {
  const { t, urls, format } = usePage()
  const { filters } = props
  const who = (entry: ActivityEntry) =>
    entry.actorName ??
    (entry.actorType === 'api_key'
      ? t('activity.actor_api_key')
      : entry.actorType === 'kiosk'
        ? t('activity.actor_kiosk')
        : entry.actorType === 'system'
          ? t('activity.actor_system')
          : t('activity.actor_unknown'))
  return (
    <MerchantLayout
      title={t('activity.title')}
      current="activity"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('activity.title')} lead={t('activity.lead')} />
      <form className="toolbar" method="get" action={urls.path('merchantActivity')} role="search">
        <SelectField
          id="filter-actor"
          name="actor"
          label={t('activity.filter_person')}
          value={filters.actor ?? ''}
          options={[
            { value: '', label: t('activity.anyone') },
            ...props.people.map((p) => ({ value: p.value, label: p.name })),
            { value: 'api_key', label: t('activity.actor_api_key') },
            { value: 'kiosk', label: t('activity.actor_kiosk') },
            { value: 'system', label: t('activity.actor_system') },
          ]}
        />
        <SelectField
          id="filter-action"
          name="action"
          label={t('activity.filter_action')}
          value={filters.action ?? ''}
          options={[
            { value: '', label: t('activity.any_action') },
            ...props.actions.map((action) => {
              const key = labelKeyOf(action)
              return { value: action, label: key ? t(`activity.actions.${key}`) : action }
            }),
          ]}
        />
        <Field
          id="filter-from"
          name="from"
          label={t('activity.from')}
          hint={t('activity.day_hint')}
          value={filters.from ?? ''}
          errors={props.invalid.includes('from') ? { from: t('activity.invalid_day') } : {}}
        />
        <Field
          id="filter-to"
          name="to"
          label={t('activity.to')}
          hint={t('activity.day_hint')}
          value={filters.to ?? ''}
          errors={props.invalid.includes('to') ? { to: t('activity.invalid_day') } : {}}
        />
        <div className="toolbar__spacer" />
        <button className="button button--secondary">{t('activity.apply')}</button>
        <a className="button button--ghost" href={urls.path('merchantActivity')}>
          {t('activity.reset')}
        </a>
      </form>
      <ListTable
        columns={[
          { label: t('activity.when') },
          { label: t('activity.who') },
          { label: t('activity.what') },
        ]}
        empty={
          props.entries.length === 0
            ? { title: t('activity.empty_title'), text: t('activity.empty') }
            : null
        }
      >
        {props.entries.map((entry) => (
          <tr key={entry.id} data-activity={entry.action}>
            <td data-label={t('activity.when')}>
              <time dateTime={entry.createdAt.toISOString()}>
                {format.dateTime(entry.createdAt)}
              </time>
            </td>
            <td data-label={t('activity.who')}>{who(entry)}</td>
            <td data-label={t('activity.what')}>
              <ActionText action={entry.action} />
              {typeof entry.data.after === 'object' &&
              entry.data.after !== null &&
              'reason' in entry.data.after &&
              typeof entry.data.after.reason === 'string' ? (
                <span className="muted small"> · {entry.data.after.reason}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </ListTable>
      <Pagination
        page={props.page}
        totalPages={Math.max(1, Math.ceil(props.total / props.perPage))}
        total={props.total}
        texts="merchant:review_page.pagination"
        href={(page) =>
          urls.path('merchantActivity', null, {
            actor: filters.actor || null,
            action: filters.action || null,
            from: filters.from || null,
            to: filters.to || null,
            page: String(page),
          })
        }
      />
    </MerchantLayout>
  )
}
