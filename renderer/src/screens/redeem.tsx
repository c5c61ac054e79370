import { useTranslation } from 'react-i18next'
import type { CardScreen } from '../../../shared/kiosk-bridge.ts'
import { useKiosk } from '../kiosk-context.ts'
import { nameIn } from '../format.ts'
import { useCountText } from '../use-count-text.ts'
import { useOperation } from './use-operation.ts'

/**
 * The rewards with what they cost (cheapest first, as the kiosk core lists them); those the
 * card cannot afford say how much is missing.
 */
export const RedeemScreen = (props: { card: CardScreen }) => {
  const { t } = useTranslation()
  const kiosk = useKiosk()
  const { card } = props
  const { run, busy } = useOperation('redeem', card)
  const countText = useCountText()
  const count = (n: number) => countText(card.programme.type, n)

  return (
    <main className="operation redeem">
      <h1>{t('redeem_title', { balance: count(card.balance) })}</h1>
      <ul className="rewards">
        {card.rewards.map((reward) => (
          <li key={reward.id}>
            <button
              type="button"
              className="reward"
              disabled={!reward.affordable || busy}
              onClick={() =>
                void run(kiosk.bridge.redeem({ cardNumber: card.number, rewardId: reward.id }))
              }
            >
              <strong>{nameIn(reward.name, kiosk.language)}</strong>
              <span>{count(reward.cost)}</span>
              {!reward.affordable ? (
                <span className="reason">
                  {t('missing', { missing: count(reward.cost - card.balance) })}
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="ghost big" onClick={() => kiosk.go({ name: 'card', card })}>
        {t('cancel')}
      </button>
    </main>
  )
}
