import { useTranslation } from 'react-i18next'

/** A big touch keypad: digits, backspace, and the confirm key. */
export const Keypad = (props: {
  onDigit: (digit: string) => void
  onBackspace: () => void
  onConfirm: () => void
  confirmLabel: string
  disabled?: boolean
  confirmDisabled?: boolean
}) => {
  const { t } = useTranslation()
  const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9']
  return (
    <div className="keypad">
      {digits.map((digit) => (
        <button
          type="button"
          key={digit}
          disabled={props.disabled}
          onClick={() => props.onDigit(digit)}
        >
          {digit}
        </button>
      ))}
      <button
        type="button"
        className="secondary"
        aria-label={t('backspace')}
        disabled={props.disabled}
        onClick={props.onBackspace}
      >
        ⌫
      </button>
      <button type="button" disabled={props.disabled} onClick={() => props.onDigit('0')}>
        0
      </button>
      <button
        type="button"
        className="primary"
        disabled={props.disabled || props.confirmDisabled}
        onClick={props.onConfirm}
      >
        {props.confirmLabel}
      </button>
    </div>
  )
}
