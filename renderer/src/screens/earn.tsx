import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CardScreen } from '../../../shared/kiosk-bridge.ts'
import { useKiosk } from '../kiosk-context.ts'
import { formatMoney } from '../format.ts'
import { Keypad } from '../components/keypad.tsx'
import { CategoryChoice } from '../components/category-choice.tsx'
import { useOperation } from './use-operation.ts'

const MAX_DIGITS = 8

/** The purchase amount, typed in cents on a keypad (1 2 5 0 → 12,50 €), then earn. */
export const EarnScreen = (props: { card: CardScreen }) => {
  const { t } = useTranslation()
  const kiosk = useKiosk()
  const [digits, setDigits] = useState('')
  const [category, setCategory] = useState<string | null>(null)
  const { run, busy } = useOperation('earn', props.card)
  const cents = Number(digits || '0')
  const currency = kiosk.status.store?.currency ?? 'EUR'

  const submit = () => {
    if (cents <= 0 || busy) return
    void run(
      kiosk.bridge.earn({
        cardNumber: props.card.number,
        amountCents: cents,
        ...(category ? { categoryId: category } : {}),
      }),
    )
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement) return
      if (/^[0-9]$/.test(event.key))
        setDigits((d) => (d.length < MAX_DIGITS ? (d + event.key).replace(/^0+/, '') : d))
      else if (event.key === 'Backspace') setDigits((d) => d.slice(0, -1))
      else if (event.key === 'Enter') submit()
      else if (event.key === 'Escape') kiosk.go({ name: 'card', card: props.card })
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  return (
    <main className="operation earn">
      <h1>{t('earn_title', { name: props.card.customerName ?? t('unnamed') })}</h1>
      <p className="amount" data-testid="amount">
        {formatMoney(cents, currency, kiosk.language)}
      </p>
      <CategoryChoice
        card={props.card}
        language={kiosk.language}
        value={category}
        onChange={setCategory}
      />
      <Keypad
        onDigit={(d) => setDigits((x) => (x.length < MAX_DIGITS ? (x + d).replace(/^0+/, '') : x))}
        onBackspace={() => setDigits((x) => x.slice(0, -1))}
        onConfirm={submit}
        confirmLabel={t('earn_confirm')}
        disabled={busy}
        confirmDisabled={cents <= 0}
      />
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
