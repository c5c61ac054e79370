import { formatCardNumber } from '../../../shared/card-number.ts'
import type { Alert, AlertListQuery } from '../../../shared/schemas/alerts-api.ts'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { ErrorSummary, PostForm } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { Pagination } from '../../web/pages/pagination.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { StatusTabs } from '../../web/pages/status-tabs.tsx'
import { MerchantLayout } from './merchant-layout.tsx'

export type AlertsPageProps = {
  merchantName: string
  storeNames: string[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  query: AlertListQuery
  alerts: Alert[]
  total: number
  totalPages: number
  open: number
  acknowledged: boolean
  /** A refused acknowledgement: the alert it was about and the message. */
  refused?: { alertId: string; message: string } | undefined
}

const num = (value: unknown) => (typeof value === 'number' ? value : Number(value ?? 0))

/** What the sweep found, in a sentence of the page's language. */
const AlertText = ({ alert }: { alert: Alert }) => {
  const { t, format } = usePage()
  const d = alert.details
  const when = (value: unknown) => (typeof value === 'string' ? format.dateTime(value) : '—')
  switch (alert.kind) {
    case 'kiosk_silent':
      return (
        <>
          {t('alerts.text.kiosk_silent', {
            since: when(d.last_seen_at),
            minutes: num(d.threshold),
          })}
        </>
      )
    case 'kiosk_pending':
      return (
        <>
          {t('alerts.text.kiosk_pending', {
            since: when(d.oldest_pending_at),
            minutes: num(d.threshold),
          })}
        </>
      )
    case 'card_earnings':
      return (
        <>
          {t('alerts.text.card_earnings', {
            n: num(d.count),
            threshold: num(d.threshold),
            day: String(d.day ?? ''),
          })}
        </>
      )
    case 'large_adjustment': {
      const values = {
        points: format.number(num(d.points)),
        stamps: format.number(num(d.stamps)),
        threshold: format.number(num(d.threshold)),
      }
      if (num(d.stamps) === 0) return <>{t('alerts.text.large_adjustment_points', values)}</>
      if (num(d.points) === 0) return <>{t('alerts.text.large_adjustment_stamps', values)}</>
      return <>{t('alerts.text.large_adjustment', values)}</>
    }
    case 'two_stores':
      return (
        <>{t('alerts.text.two_stores', { minutes: num(d.minutes), threshold: num(d.threshold) })}</>
      )
    case 'pin_failures':
      return <>{t('alerts.text.pin_failures', { n: num(d.count), day: String(d.day ?? '') })}</>
    case 'quick_redemption':
      return <>{t('alerts.text.quick_redemption', { minutes: num(d.minutes) })}</>
  }
}

const Subject = ({ alert }: { alert: Alert }) => {
  const { t, urls } = usePage()
  return (
    <>
      {alert.kiosk_name ? <span>{t('alerts.kiosk', { name: alert.kiosk_name })}</span> : null}
      {alert.card_number ? (
        <a href={urls.path('merchantCustomer', { number: alert.card_number })}>
          <span className="num">{formatCardNumber(alert.card_number)}</span>
        </a>
      ) : null}
      {alert.store_name ? <span className="muted"> · {alert.store_name}</span> : null}
    </>
  )
}

const AlertItem = ({ alert, refused }: { alert: Alert; refused?: string | undefined }) => {
  const { t, urls, format } = usePage()
  const who =
    alert.acknowledged_by_name ??
    t(`alerts.by_${alert.acknowledged_by_type === 'api_key' ? 'api_key' : 'someone'}`)
  return (
    <li className="card stack stack--sm" data-alert={alert.id} data-kind={alert.kind}>
      <p>
        <span className={`badge ${alert.acknowledged_at ? 'badge' : 'badge--warning'}`}>
          {t(`alerts.kinds.${alert.kind}`)}
        </span>{' '}
        <Subject alert={alert} />
      </p>
      <p>
        <AlertText alert={alert} />
      </p>
      <p className="muted small">
        {t('alerts.raised', { when: format.dateTime(alert.raised_at) })}
      </p>
      {alert.acknowledged_at ? (
        <p className="small">
          {t('alerts.acknowledged_by', { who, when: format.dateTime(alert.acknowledged_at) })}
        </p>
      ) : (
        <PostForm action={urls.path('merchantAlertAcknowledge', { id: alert.id })} className="form">
          <ErrorSummary message={refused} />
          <input type="hidden" name="version" value={alert.version} />
          <button className="button button--secondary button--small">
            {t('alerts.acknowledge')}
          </button>
        </PostForm>
      )}
    </li>
  )
}

/** The merchant's alerts: open ones to acknowledge, and the acknowledged ones (who, when). */
export const MerchantAlertsPage = (props: AlertsPageProps) => {
  const { t, urls, format } = usePage()
  const open = props.query.status === 'open'
  return (
    <MerchantLayout
      title={t('alerts.title')}
      current="alerts"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('alerts.title')} lead={t('alerts.lead')} />
      {props.acknowledged ? (
        <div className="alert alert--success" role="status">
          <p>{t('alerts.done')}</p>
        </div>
      ) : null}
      {props.refused &&
      !props.alerts.some((a) => a.id === props.refused?.alertId && !a.acknowledged_at) ? (
        <ErrorSummary message={props.refused.message} />
      ) : null}
      <p>
        <span className={`badge ${props.open > 0 ? 'badge--warning' : 'badge--success'}`}>
          {t('alerts.count', { count: props.open, total: format.number(props.open) })}
        </span>
      </p>
      <StatusTabs
        label={t('alerts.tabs')}
        tabs={[
          { href: urls.path('merchantAlerts'), label: t('alerts.open'), current: open },
          {
            href: urls.path('merchantAlerts', null, { status: 'acknowledged' }),
            label: t('alerts.acknowledged'),
            current: !open,
          },
        ]}
      />
      {props.alerts.length === 0 ? (
        <section className="card">
          <div className="empty">
            <p className="empty__title">
              {open ? t('alerts.none_open') : t('alerts.none_acknowledged')}
            </p>
          </div>
        </section>
      ) : (
        <ol className="stack reward-list alert-items">
          {props.alerts.map((alert) => (
            <AlertItem
              key={alert.id}
              alert={alert}
              refused={props.refused?.alertId === alert.id ? props.refused.message : undefined}
            />
          ))}
        </ol>
      )}
      <Pagination
        page={props.query.page}
        totalPages={props.totalPages}
        total={props.total}
        texts="merchant:review_page.pagination"
        href={(page) =>
          urls.path('merchantAlerts', null, {
            status: open ? null : 'acknowledged',
            page: String(page),
          })
        }
      />
    </MerchantLayout>
  )
}
