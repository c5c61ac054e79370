import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BridgeError, KioskBridge, KioskStatus } from '../../../shared/kiosk-bridge.ts'
import { ErrorBanner } from '../components/error-banner.tsx'
import { Keypad } from '../components/keypad.tsx'
import { FALLBACK_TIME_ZONE } from '../format.ts'

const MAX_PIN = 8

/** The PIN pad: touch or keyboard; while a delay or a lock runs, a countdown. */
export const PinPad = (props: { bridge: KioskBridge; status: KioskStatus }) => {
  const { t } = useTranslation()
  const [pin, setPin] = useState('')
  const [error, setError] = useState<BridgeError | null>(null)
  const [retryAt, setRetryAt] = useState<number | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (retryAt === null) return
    const timer = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(timer)
  }, [retryAt])
  const secondsLeft = retryAt === null ? 0 : Math.max(0, Math.ceil((retryAt - now) / 1000))
  const waiting = secondsLeft > 0

  const submit = useCallback(async () => {
    if (pin.length < 4 || busy || waiting) return
    setBusy(true)
    const result = await props.bridge.unlock({ pin })
    setBusy(false)
    setPin('')
    if (result.ok) return
    setError(result.error)
    const at = result.error.details.retryAt
    setRetryAt(typeof at === 'string' ? new Date(at).getTime() : null)
    setNow(Date.now())
  }, [pin, busy, waiting, props.bridge])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (/^[0-9]$/.test(event.key)) setPin((p) => (p.length < MAX_PIN ? p + event.key : p))
      else if (event.key === 'Backspace') setPin((p) => p.slice(0, -1))
      else if (event.key === 'Enter') void submit()
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [submit])

  return (
    <main className="centered pin">
      <p className="store-name">{props.status.store?.name}</p>
      <h1>{t('pin_title')}</h1>
      <div
        className="pin-dots"
        data-testid="pin-dots"
        aria-label={t('pin_entered', { count: pin.length })}
      >
        {Array.from({ length: Math.max(4, pin.length) }, (_, i) => (
          <span key={i} className={i < pin.length ? 'filled' : ''} />
        ))}
      </div>
      {error ? (
        <ErrorBanner error={error} timeZone={props.status.store?.timezone ?? FALLBACK_TIME_ZONE} />
      ) : null}
      {waiting ? (
        <p className="countdown" role="timer" data-testid="pin-countdown">
          {t('pin_wait', { seconds: secondsLeft })}
        </p>
      ) : null}
      <Keypad
        onDigit={(d) => setPin((p) => (p.length < MAX_PIN ? p + d : p))}
        onBackspace={() => setPin((p) => p.slice(0, -1))}
        onConfirm={() => void submit()}
        confirmLabel={t('unlock')}
        disabled={busy || waiting}
        confirmDisabled={pin.length < 4}
      />
    </main>
  )
}
