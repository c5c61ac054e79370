import type { CSSProperties } from 'react'
import { nextReward } from '../../../shared/rewards.ts'
import type { CardDetail } from '../../../shared/schemas/loyalty-api.ts'
import { usePage } from '../../web/pages/page.tsx'
import { StorefrontLayout } from '../../web/pages/storefront-layout.tsx'
import type { StoreView } from '../../tenancy/presenters.ts'

type Kind = CardDetail['programme']['type']

/** "313 points" / "1 stamp": the unit in the page language, for a count. */
const useUnits = () => {
  const { t, format } = usePage()
  return (kind: Kind, count: number) =>
    t(kind === 'points' ? 'units.points' : 'units.stamps', { count, value: format.number(count) })
}

/** The stamp card: one circle per stamp of a full card, the last one the reward. */
const StampGrid = (props: { filled: number; required: number }) => {
  const { t, format } = usePage()
  const { required } = props
  const filled = Math.min(props.filled, required)
  const summary = t('overview.stamps_summary', {
    filled: format.number(props.filled),
    total: format.number(required),
  })
  const columns = required % 5 === 0 || required < 5 ? null : required % 4 === 0 ? 4 : null
  return (
    <div className="card">
      <h2 className="section-title">{t('overview.stamps_title')}</h2>
      <ol
        className="stamps"
        aria-label={summary}
        style={columns ? ({ '--stamps-columns': columns } as CSSProperties) : undefined}
      >
        {Array.from({ length: required }, (_, index) => (
          <li
            key={index}
            className={[
              'stamp',
              index < filled ? 'stamp--filled' : null,
              index === required - 1 ? 'stamp--reward' : null,
            ]
              .filter(Boolean)
              .join(' ')}
          >
            <span className="visually-hidden">
              {t(index < filled ? 'overview.stamp_filled' : 'overview.stamp_empty')}
            </span>
          </li>
        ))}
      </ol>
      <p className="stamps-summary">{summary}</p>
    </div>
  )
}

const Balance = ({ card }: { card: CardDetail }) => {
  const { t, text, urls, format } = usePage()
  const units = useUnits()
  const kind = card.programme.type
  const balance = kind === 'points' ? card.points_balance : card.stamps_balance
  const next = nextReward(card.rewards, balance)
  const anyAffordable = card.rewards.some((reward) => reward.affordable)
  return (
    <section className="balance" aria-labelledby="balance-label">
      <p className="balance__label" id="balance-label">
        {t('overview.balance_label')}
      </p>
      <p className="balance__value">
        <span className="balance__number">{format.number(balance)}</span>{' '}
        <span className="balance__unit">
          {t(kind === 'points' ? 'units.points_word' : 'units.stamps_word', { count: balance })}
        </span>
      </p>
      {next ? (
        <div className="balance__progress">
          <progress
            className="progress"
            max={next.reward.cost}
            value={balance}
            aria-labelledby="balance-next"
          />
          <p className="balance__next" id="balance-next">
            {t('overview.next_reward', {
              missing: units(kind, next.missing),
              reward: text(next.reward.name),
            })}
          </p>
        </div>
      ) : anyAffordable ? (
        <p className="balance__next">{t('overview.all_rewards')}</p>
      ) : null}
      <a className="button button--secondary" href={urls.path('card')}>
        {t('overview.show_card')}
      </a>
    </section>
  )
}

const Rewards = ({ card }: { card: CardDetail }) => {
  const { t, text } = usePage()
  const units = useUnits()
  const kind = card.programme.type
  const balance = kind === 'points' ? card.points_balance : card.stamps_balance
  const rewards = [...card.rewards].sort((a, b) => a.cost - b.cost)
  return (
    <section className="stack" aria-labelledby="rewards-title">
      <h2 className="section-title" id="rewards-title">
        {t('overview.rewards_title')}
      </h2>
      {rewards.length === 0 ? (
        <p className="muted">{t('overview.no_rewards')}</p>
      ) : (
        <ul className="reward-list">
          {rewards.map((reward) => {
            const description = text(reward.description)
            return (
              <li
                key={reward.id}
                className={`reward ${reward.affordable ? 'reward--available' : 'reward--locked'}`}
              >
                <h3 className="reward__name">{text(reward.name)}</h3>
                <p className="reward__cost">{units(kind, reward.cost)}</p>
                {description ? <p className="reward__description">{description}</p> : null}
                {reward.affordable ? (
                  <span className="reward__status badge badge--success">
                    {t('overview.reward_available')}
                  </span>
                ) : (
                  <span className="reward__status badge badge--info">
                    {t('overview.reward_missing', { missing: units(kind, reward.cost - balance) })}
                  </span>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

const Stores = ({ stores }: { stores: StoreView[] }) => {
  const { t, text, format } = usePage()
  const region = new Intl.DisplayNames([format.locale], { type: 'region' })
  const countryName = (code: string | null) => {
    if (!code) return null
    try {
      return region.of(code) ?? code
    } catch {
      return code
    }
  }
  return (
    <section className="stack" aria-labelledby="stores-title">
      <h2 className="section-title" id="stores-title">
        {t('overview.stores_title')}
      </h2>
      <ul className="store-list">
        {stores.map((store) => {
          const { address } = store
          const lines = [
            address.line1,
            address.line2,
            [address.postal_code, address.city].filter(Boolean).join(' '),
            countryName(address.country),
          ].filter((line): line is string => !!line)
          const description = text(store.description)
          return (
            <li key={store.code} className="store">
              <p className="store__name">{store.name}</p>
              {lines.length > 0 ? (
                <address className="store__address">
                  {lines.map((line, index) => (
                    <span key={index}>
                      {index > 0 ? <br /> : null}
                      {line}
                    </span>
                  ))}
                </address>
              ) : null}
              {store.phone ? (
                <p className="store__phone">
                  <a href={`tel:${store.phone.replace(/[^+\d]/g, '')}`}>{store.phone}</a>
                </p>
              ) : null}
              {description ? <p className="small muted">{description}</p> : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/** The member's home: balance and progress, stamps, rewards, the merchant's stores. */
export const AccountPage = (props: { card: CardDetail; stores: StoreView[] }) => {
  const { t, text, urls, site } = usePage()
  const { card } = props
  const name = card.customer.name
  // A programme not named yet (a new merchant's) goes by the store's name.
  const programme = text(card.programme.name) || (site.kind === 'store' ? site.store.name : '')
  return (
    <StorefrontLayout title={t('overview.title')} current="account">
      <div className="stack stack--lg">
        <header>
          <h1 className="page-title">
            {name ? t('overview.greeting', { name }) : t('overview.title')}
          </h1>
          <p className="page-lead">{t('overview.lead', { programme })}</p>
        </header>
        {card.status === 'blocked' ? (
          <div className="alert alert--warning" role="status">
            <p>{t('overview.blocked')}</p>
          </div>
        ) : null}
        <Balance card={card} />
        {card.programme.type === 'stamps' && card.programme.stamps_required ? (
          <StampGrid filled={card.stamps_balance} required={card.programme.stamps_required} />
        ) : null}
        <Rewards card={card} />
        {props.stores.length > 0 ? <Stores stores={props.stores} /> : null}
        <p>
          <a href={urls.path('history')}>{t('overview.history_link')}</a>
        </p>
      </div>
    </StorefrontLayout>
  )
}
