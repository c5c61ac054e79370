import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CardScreen, Visit } from '../../../shared/kiosk-bridge.ts'
import { formatCardNumber } from '../../../shared/card-number.ts'
import { useKiosk } from '../kiosk-context.ts'
import { KIOSK_AND_ERRORS } from '../i18n.ts'
import { formatDateTime, formatNumber, nameIn } from '../format.ts'
import { useCountText } from '../use-count-text.ts'

/** Everything the cashier needs to serve the customer in front of them. */
export const CardView = (props: { card: CardScreen }) => {
  const { t } = useTranslation(KIOSK_AND_ERRORS)
  const kiosk = useKiosk()
  const { card } = props
  const { language } = kiosk
  const [visits, setVisits] = useState<Visit[] | null>(null)

  useEffect(() => {
    let live = true
    void kiosk.bridge.visits({ cardNumber: card.number, limit: 5 }).then((result) => {
      if (live) setVisits(result.ok ? result.value.visits : [])
    })
    return () => {
      live = false
    }
  }, [card.number, kiosk.bridge])

  const countText = useCountText()
  const count = (n: number) => countText(card.programme.type, n)
  const next = card.nextReward
  const affordable = card.rewards.filter((r) => r.affordable)
  const blocked = card.status === 'blocked'

  return (
    <main className="card-screen" data-testid="card-screen">
      <section className="card-summary">
        <p className="card-number">{formatCardNumber(card.number)}</p>
        <h1 data-testid="customer-name">{card.customerName ?? t('unnamed')}</h1>
        {card.provisional ? <p className="badge">{t('provisional')}</p> : null}
        {blocked ? <p className="badge danger">{t('errors:CARD_BLOCKED')}</p> : null}
        <p className="balance" data-testid="balance">
          {count(card.balance)}
        </p>
        {card.programme.type === 'stamps' && card.programme.stampsRequired ? (
          <div className="stamp-grid" aria-label={count(card.balance)}>
            {Array.from({ length: card.programme.stampsRequired }, (_, i) => (
              <span key={i} className={i < card.balance ? 'stamp filled' : 'stamp'} />
            ))}
          </div>
        ) : null}
        {next ? (
          <div className="progress">
            <progress value={Math.max(0, card.balance)} max={next.cost} />
            <p>
              {t('to_next_reward', {
                missing: count(next.missing),
                reward: nameIn(next.name, language),
              })}
            </p>
          </div>
        ) : null}
        {affordable.length > 0 ? (
          <p className="affordable" data-testid="affordable">
            {t('can_redeem')}: {affordable.map((r) => nameIn(r.name, language)).join(', ')}
          </p>
        ) : null}
      </section>
      <section className="actions">
        {card.programme.type === 'points' ? (
          <button
            type="button"
            className="primary huge"
            disabled={blocked}
            onClick={() => kiosk.go({ name: 'earn', card })}
          >
            {t('earn')}
          </button>
        ) : (
          <button
            type="button"
            className="primary huge"
            disabled={blocked}
            onClick={() => kiosk.go({ name: 'stamp', card })}
          >
            {t('stamp')}
          </button>
        )}
        <button
          type="button"
          className="secondary huge"
          disabled={blocked || card.rewards.length === 0}
          onClick={() => kiosk.go({ name: 'redeem', card })}
        >
          {t('redeem')}
        </button>
        <button type="button" className="ghost big" onClick={() => kiosk.go({ name: 'ready' })}>
          {t('done')}
        </button>
      </section>
      <section className="visits">
        <h2>{t('recent_visits')}</h2>
        {visits === null ? (
          <p className="hint">…</p>
        ) : visits.length === 0 ? (
          <p className="hint">{t('no_visits')}</p>
        ) : (
          <ul>
            {visits.map((visit, i) => (
              <li key={i} className={visit.pending ? 'pending' : ''}>
                <span>{formatDateTime(visit.at, language, kiosk.timeZone)}</span>
                <span>{t(`entry_${visit.type}`, { defaultValue: visit.type })}</span>
                <span className="delta">
                  {card.programme.type === 'points'
                    ? `${visit.points > 0 ? '+' : ''}${formatNumber(visit.points, language)}`
                    : `${visit.stamps > 0 ? '+' : ''}${formatNumber(visit.stamps, language)}`}
                </span>
                <span>{visit.pending ? t('pending_sync') : visit.storeName}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  )
}
