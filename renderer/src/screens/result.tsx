import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CardScreen, OperationOutcome } from '../../../shared/kiosk-bridge.ts'
import { formatCardNumber } from '../../../shared/card-number.ts'
import { checkUndo } from '../../../shared/undo-window.ts'
import { useKiosk, type OperationKind } from '../kiosk-context.ts'
import { useCountText } from '../use-count-text.ts'
import { ErrorBanner } from '../components/error-banner.tsx'
import { CardQr } from '../components/card-qr.tsx'
import { useOperation } from './use-operation.ts'

/**
 * What happened, in one line a customer can be told, with undo while the kiosk core would still
 * accept it (shared/undo-window.ts, from the operation's own time).
 */
export const ResultScreen = (props: {
  kind: OperationKind
  outcome: OperationOutcome
  card: CardScreen | null
}) => {
  const { t } = useTranslation()
  const kiosk = useKiosk()
  const { outcome, card, kind } = props
  const [now, setNow] = useState(() => Date.now())
  const { run, busy } = useOperation('undo', card)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])
  const undo = checkUndo({ type: kind, occurredAt: outcome.occurredAt }, new Date(now))
  // An operation kept for review was not applied: there is nothing to take back.
  const left = undo.ok && outcome.status !== 'review' ? undo.msLeft : 0
  const undoable = left > 0

  // A new card (enroll) has no card screen yet: its welcome bonus is in points.
  const type = card?.programme.type ?? 'points'
  const delta = type === 'stamps' ? outcome.stamps : outcome.points
  const countText = useCountText()
  const count = (n: number) => countText(type, Math.abs(n))

  return (
    <main className={`result ${outcome.status}`} data-testid="result" data-status={outcome.status}>
      <div className="result-icon" aria-hidden="true">
        {outcome.status === 'review' ? '!' : '✓'}
      </div>
      <h1 data-testid="result-title">{t(`result_${kind}`, { amount: count(delta) })}</h1>
      {outcome.status === 'queued' ? <p className="lead">{t('result_queued')}</p> : null}
      {outcome.review ? (
        <>
          <p className="lead">{t('result_review')}</p>
          <ErrorBanner error={outcome.review} timeZone={kiosk.timeZone} />
        </>
      ) : null}
      {card ? (
        <p className="balance" data-testid="new-balance">
          {t('new_balance', { balance: count(card.balance) })}
        </p>
      ) : null}
      {kind === 'enroll' && outcome.cardNumber ? (
        <div className="new-card">
          <CardQr number={outcome.cardNumber} label={t('card_qr')} />
          <p className="card-number" data-testid="new-card-number">
            {formatCardNumber(outcome.cardNumber)}
          </p>
        </div>
      ) : null}
      <div className="buttons">
        {card ? (
          <button
            type="button"
            className="secondary big"
            onClick={() => kiosk.go({ name: 'card', card })}
          >
            {t('back_to_card')}
          </button>
        ) : null}
        <button type="button" className="primary big" onClick={() => kiosk.go({ name: 'ready' })}>
          {t('next_customer')}
        </button>
        {undoable ? (
          <button
            type="button"
            className="danger big"
            disabled={busy}
            onClick={() =>
              void run(kiosk.bridge.undo({ clientId: outcome.clientId, reason: t('undo_reason') }))
            }
          >
            {t('undo', {
              time: `${Math.floor(left / 60_000)}:${String(Math.floor((left % 60_000) / 1000)).padStart(2, '0')}`,
            })}
          </button>
        ) : null}
      </div>
    </main>
  )
}
