import { useTranslation } from 'react-i18next'
import type { CardScreen } from '../../../shared/kiosk-bridge.ts'
import type { Language } from '../../../shared/languages.ts'
import { nameIn } from '../format.ts'

/** What the purchase was, when the merchant files earnings by category (optional). */
export const CategoryChoice = (props: {
  card: CardScreen
  language: Language
  value: string | null
  onChange: (id: string | null) => void
}) => {
  const { t } = useTranslation()
  if (props.card.categories.length === 0) return null
  return (
    <fieldset className="categories">
      <legend>{t('category')}</legend>
      {[{ id: null, name: {} as Record<string, string> }, ...props.card.categories].map((c) => (
        <button
          type="button"
          key={c.id ?? 'none'}
          aria-pressed={props.value === c.id}
          className={props.value === c.id ? 'chip selected' : 'chip'}
          onClick={() => props.onChange(c.id)}
        >
          {c.id ? nameIn(c.name, props.language) : t('no_category')}
        </button>
      ))}
    </fieldset>
  )
}
