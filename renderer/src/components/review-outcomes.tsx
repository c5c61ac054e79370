import { useTranslation } from 'react-i18next'
import { formatCardNumber } from '../../../shared/card-number.ts'
import { useKiosk } from '../kiosk-context.ts'
import { formatDateTime, FALLBACK_TIME_ZONE } from '../format.ts'
import { useCountText } from '../use-count-text.ts'

/** How many of the merchant's latest decisions the ready screen lists. */
const SHOWN = 3

/**
 * The merchant's decisions on this kiosk's operations that waited for review, learnt at the
 * last sync (newest first): applied — with what was written off — or dismissed, and why.
 */
export const ReviewOutcomes = () => {
  const { t } = useTranslation()
  const kiosk = useKiosk()
  const countText = useCountText()
  const outcomes = kiosk.status.reviewOutcomes.slice(0, SHOWN)
  if (outcomes.length === 0) return null
  const timeZone = kiosk.status.store?.timezone ?? FALLBACK_TIME_ZONE
  return (
    <section className="review-outcomes" aria-labelledby="review-outcomes-title">
      <h2 id="review-outcomes-title">{t('review_outcomes_title')}</h2>
      <ul>
        {outcomes.map((outcome) => {
          const written = outcome.writeOff
            ? outcome.writeOff.points > 0
              ? countText('points', outcome.writeOff.points)
              : countText('stamps', outcome.writeOff.stamps)
            : null
          return (
            <li key={outcome.clientId} data-decision={outcome.decision}>
              <strong>
                {t(`entry_${outcome.type}`, { defaultValue: outcome.type })}
                {outcome.cardNumber ? ` · ${formatCardNumber(outcome.cardNumber)}` : ''}
              </strong>
              <span>
                {outcome.decision === 'applied'
                  ? written
                    ? t('review_outcome_applied_write_off', { amount: written })
                    : t('review_outcome_applied')
                  : t('review_outcome_dismissed', { reason: outcome.reason ?? '' })}
              </span>
              <span className="hint">
                {formatDateTime(outcome.decidedAt, kiosk.language, timeZone)}
              </span>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
