import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CardScreen } from '../../../shared/kiosk-bridge.ts'
import { useKiosk } from '../kiosk-context.ts'
import { useCountText } from '../use-count-text.ts'
import { CategoryChoice } from '../components/category-choice.tsx'
import { useOperation } from './use-operation.ts'

/** How many stamps (usually one), then stamp. */
export const StampScreen = (props: { card: CardScreen }) => {
  const { t } = useTranslation()
  const kiosk = useKiosk()
  const countText = useCountText()
  const [count, setCount] = useState(1)
  const [category, setCategory] = useState<string | null>(null)
  const { run, busy } = useOperation('stamp', props.card)

  return (
    <main className="operation stamp-screen">
      <h1>{t('stamp_title', { name: props.card.customerName ?? t('unnamed') })}</h1>
      <div className="counter">
        <button
          type="button"
          className="secondary huge"
          aria-label={t('fewer')}
          disabled={count <= 1}
          onClick={() => setCount((c) => c - 1)}
        >
          −
        </button>
        <p className="amount" data-testid="stamp-count">
          {countText('stamps', count)}
        </p>
        <button
          type="button"
          className="secondary huge"
          aria-label={t('more')}
          disabled={count >= 20}
          onClick={() => setCount((c) => c + 1)}
        >
          +
        </button>
      </div>
      <CategoryChoice
        card={props.card}
        language={kiosk.language}
        value={category}
        onChange={setCategory}
      />
      <button
        type="button"
        className="primary huge"
        disabled={busy}
        onClick={() =>
          void run(
            kiosk.bridge.stamp({
              cardNumber: props.card.number,
              count,
              ...(category ? { categoryId: category } : {}),
            }),
          )
        }
      >
        {t('stamp_confirm')}
      </button>
      <button
        type="button"
        className="ghost big"
        onClick={() => kiosk.go({ name: 'card', card: props.card })}
      >
        {t('cancel')}
      </button>
    </main>
  )
}
