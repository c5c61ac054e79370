import { formatCardNumber } from '../../../shared/card-number.ts'
import { errorMessage } from '../../i18n/error-message.ts'
import { TableCard } from '../../web/pages/table-card.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { usePage } from '../../web/pages/page.tsx'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { RECENT_DAYS, type MerchantOverview } from '../queries/merchant-overview.ts'
import type { OverviewProgramme, OverviewStore } from '../presenters.ts'
import type { ReviewItem, ReviewQueue } from '../presenters.ts'
import { MerchantLayout } from './merchant-layout.tsx'
import { AgeText } from './age-text.tsx'

const OPERATION_TYPES = ['enroll', 'earn', 'stamp', 'redeem', 'reverse'] as const

const Stat = (props: {
  label: string
  value: number
  meta?: string
  link?: { href: string; label: string }
}) => {
  const { format } = usePage()
  return (
    <li className="stat">
      <p className="stat__label">{props.label}</p>
      <p className="stat__value">{format.number(props.value)}</p>
      {props.meta ? <p className="stat__meta">{props.meta}</p> : null}
      {props.link ? (
        <p className="stat__meta">
          <a href={props.link.href}>{props.link.label}</a>
        </p>
      ) : null}
    </li>
  )
}

const ReviewRow = ({ item }: { item: ReviewItem }) => {
  const { t, format, language } = usePage()
  const known = OPERATION_TYPES.find((type) => type === item.type)
  const type = known ? t(`operation_types.${known}`) : item.type
  return (
    <tr>
      <td data-label={t('review.kiosk')}>
        <span>
          {item.kioskName}
          <br />
          <span className="muted small">{item.storeName}</span>
        </span>
      </td>
      <td data-label={t('review.time')}>
        <time dateTime={item.occurredAt.toISOString()}>{format.dateTime(item.occurredAt)}</time>
      </td>
      <td data-label={t('review.type')}>{type}</td>
      <td data-label={t('review.card')} className="num">
        {item.cardNumber ? formatCardNumber(item.cardNumber) : '—'}
      </td>
      <td data-label={t('review.reason')}>
        {item.reason ? errorMessage(item.reason.code, item.reason.details, language) : '—'}
      </td>
    </tr>
  )
}

const ReviewCard = ({ review, now }: { review: ReviewQueue; now: Date }) => {
  const { t, format, urls } = usePage()
  return (
    <section className="card card--flush" aria-labelledby="review-title" id="review">
      <header className="card__header">
        <h2 className="card__title" id="review-title">
          {t('review.title')}
        </h2>
        <span className={`badge ${review.total > 0 ? 'badge--warning' : 'badge--success'}`}>
          {t('review.count', { total: format.number(review.total) })}
        </span>
      </header>
      {review.oldestAt ? (
        <p className="card__footer muted small" data-oldest-review>
          {t('review_page.oldest')} <AgeText from={review.oldestAt} now={now} /> ·{' '}
          <a href={urls.path('merchantReview')}>{t('review_page.title')}</a>
        </p>
      ) : null}
      {review.items.length === 0 ? (
        <div className="empty">
          <p className="empty__title">{t('review.empty_title')}</p>
          <p>{t('review.empty')}</p>
        </div>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table--stack">
              <caption className="visually-hidden">{t('review.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('review.kiosk')}</th>
                  <th scope="col">{t('review.time')}</th>
                  <th scope="col">{t('review.type')}</th>
                  <th scope="col" className="num">
                    {t('review.card')}
                  </th>
                  <th scope="col">{t('review.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {review.items.map((item) => (
                  <ReviewRow key={`${item.kioskId}:${item.clientId}`} item={item} />
                ))}
              </tbody>
            </table>
          </div>
          {review.total > review.items.length ? (
            <p className="card__footer muted small">
              {t('review.more', {
                shown: format.number(review.items.length),
                total: format.number(review.total),
              })}
            </p>
          ) : null}
        </>
      )}
    </section>
  )
}

const StoresCard = ({ stores }: { stores: OverviewStore[] }) => {
  const { t } = usePage()
  return (
    <TableCard
      id="stores"
      title={t('stores.title')}
      columns={[
        { label: t('stores.store') },
        { label: t('stores.city') },
        { label: t('stores.storefront') },
        { label: t('stores.status') },
      ]}
      empty={stores.length === 0 ? t('stores.empty') : null}
    >
      {stores.map((store) => (
        <tr key={store.id}>
          <td data-label={t('stores.store')}>
            <span>
              <strong>{store.name}</strong>
              <br />
              <span className="muted small">{store.code}</span>
            </span>
          </td>
          <td data-label={t('stores.city')}>{store.city ?? '—'}</td>
          <td data-label={t('stores.storefront')}>
            <span>
              <a href={store.storefrontUrl}>{store.storefrontUrl}</a>
              <br />
              <a className="small" href={store.joinUrl}>
                {t('stores.join_link')}
              </a>
            </span>
          </td>
          <td data-label={t('stores.status')}>
            <span className={`badge ${store.active ? 'badge--success' : ''}`}>
              {store.active ? t('stores.active') : t('stores.inactive')}
            </span>
          </td>
        </tr>
      ))}
    </TableCard>
  )
}

const Detail = (props: { label: string; value: string }) => (
  <div className="details__row">
    <dt>{props.label}</dt>
    <dd>{props.value}</dd>
  </div>
)

const ProgrammeCard = ({ programme }: { programme: OverviewProgramme | null }) => {
  const { t, text, format } = usePage()
  if (!programme)
    return (
      <section className="card" aria-labelledby="programme-title">
        <h2 className="card__title" id="programme-title">
          {t('programme.title')}
        </h2>
        <div className="empty">
          <p>{t('programme.none')}</p>
        </div>
      </section>
    )
  const points = programme.type === 'points'
  const orNone = (value: number | null, none: string) =>
    value === null || value === 0 ? none : format.number(value)
  return (
    <section className="card" aria-labelledby="programme-title">
      <header className="card__header">
        <h2 className="card__title" id="programme-title">
          {t('programme.title')}: {text(programme.name)}
        </h2>
        <span
          className={`badge ${programme.status === 'active' ? 'badge--success' : 'badge--warning'}`}
        >
          {t(`programme.status_${programme.status}`)}
        </span>
      </header>
      <div className="stack--lg">
        <dl className="details">
          <Detail label={t('programme.type')} value={t(`programme.type_${programme.type}`)} />
          {points ? (
            <Detail
              label={t('programme.points_per_euro')}
              value={format.number(programme.pointsPerCurrencyUnit)}
            />
          ) : (
            <Detail
              label={t('programme.stamps_required')}
              value={format.number(programme.stampsRequired ?? 0)}
            />
          )}
          <Detail
            label={points ? t('programme.welcome_points') : t('programme.welcome_stamps')}
            value={orNone(programme.welcomeBonus, t('programme.none_value'))}
          />
          <Detail
            label={t('programme.cooldown')}
            value={orNone(programme.cooldownMinutes, t('programme.none_value'))}
          />
          <Detail
            label={t('programme.daily_cap')}
            value={orNone(programme.dailyCap, t('programme.no_limit'))}
          />
          {points ? (
            <Detail
              label={t('programme.expiry')}
              value={orNone(programme.expiryMonths, t('programme.never'))}
            />
          ) : null}
        </dl>
        <div className="stack--sm">
          <h3 className="form-section__title" id="rewards-title">
            {t('programme.rewards')}
          </h3>
          {programme.rewards.length === 0 ? (
            <p className="muted">{t('programme.no_rewards')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-labelledby="rewards-title">
                <thead>
                  <tr>
                    <th scope="col">{t('programme.reward')}</th>
                    <th scope="col" className="num">
                      {points ? t('programme.cost_points') : t('programme.cost_stamps')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {programme.rewards.map((reward) => (
                    <tr key={reward.id}>
                      <td>{text(reward.name)}</td>
                      <td className="num">{format.number(reward.cost)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </div>
    </section>
  )
}

/** The merchant's dashboard: tiles, operations to review, stores, the live programme. */
export const MerchantDashboardPage = (props: {
  overview: MerchantOverview
  review: ReviewQueue
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  /** When the page is shown (the age of the oldest item waiting for review). */
  now: Date
  /** Alerts not acknowledged yet, within the user's reach. */
  openAlerts: number
}) => {
  const { t, urls } = usePage()
  const { overview, user } = props
  const storeNames = overview.stores.map((store) => store.name)
  const points = (overview.programme?.type ?? 'points') === 'points'
  const recent = t('stats.recent', { days: RECENT_DAYS })
  const scoped = !!user.storeIds
  return (
    <MerchantLayout
      title={t('dashboard.title')}
      current="dashboard"
      merchantName={overview.merchant.name}
      user={user}
      storeNames={storeNames}
    >
      <PageHeader
        title={overview.merchant.name}
        lead={t('dashboard.welcome', { name: user.name })}
        actions={
          <a className="button button--secondary" href={urls.path('merchantStaff')}>
            {t('staff.dashboard_link')}
          </a>
        }
      />
      {scoped ? (
        <div className="alert alert--info" role="status">
          <p>{t('dashboard.scoped', { stores: storeNames.join(', ') })}</p>
        </div>
      ) : null}
      <ul className="stats" aria-label={t('stats.label')}>
        <Stat
          label={t('stats.members')}
          value={overview.stats.members}
          meta={scoped ? t('stats.members_scoped') : undefined}
        />
        <Stat
          label={points ? t('stats.points_issued') : t('stats.stamps_issued')}
          value={overview.stats.issued}
          meta={recent}
        />
        <Stat label={t('stats.redemptions')} value={overview.stats.redemptions} meta={recent} />
        <Stat
          label={t('stats.active_kiosks')}
          value={overview.stats.activeKiosks}
          link={{ href: urls.path('merchantKiosks'), label: t('stats.manage_kiosks') }}
        />
        <Stat
          label={t('alerts.open_alerts')}
          value={props.openAlerts}
          link={{ href: urls.path('merchantAlerts'), label: t('alerts.see_alerts') }}
        />
      </ul>
      <ReviewCard review={props.review} now={props.now} />
      <StoresCard stores={overview.stores} />
      <ProgrammeCard programme={overview.programme} />
    </MerchantLayout>
  )
}
