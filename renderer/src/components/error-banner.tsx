import { useTranslation } from 'react-i18next'
import { KIOSK_AND_ERRORS } from '../i18n.ts'
import type { BridgeError } from '../../../shared/kiosk-bridge.ts'
import { isErrorCode } from '../../../shared/errors.ts'
import { errorVariables } from '../../../shared/error-variables.ts'
import type { Language } from '../../../shared/languages.ts'

/** An error code as a cashier reads it: the message in the UI's language, with its details. */
const useErrorText = () => {
  const { t, i18n } = useTranslation(KIOSK_AND_ERRORS)
  return (error: BridgeError, timeZone: string) => {
    const variables = errorVariables(error.details, i18n.language as Language, timeZone)
    const { code } = error
    const key = isErrorCode(code) && i18n.exists(`errors:${code}`) ? code : 'INTERNAL_ERROR'
    const message = t(`errors:${key}`, variables)
    return typeof variables.minutes_left === 'number'
      ? `${message} ${t('minutes_left', { count: variables.minutes_left })}`
      : message
  }
}

export const ErrorBanner = (props: {
  error: BridgeError
  timeZone: string
  onClose?: () => void
}) => {
  const { t } = useTranslation()
  const text = useErrorText()
  return (
    <div className="error-banner" role="alert" data-code={props.error.code}>
      <span>{text(props.error, props.timeZone)}</span>
      {props.onClose ? (
        <button type="button" className="ghost" onClick={props.onClose}>
          {t('dismiss')}
        </button>
      ) : null}
    </div>
  )
}
