import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  DEFAULT_DEVICE_SETTINGS,
  type BridgeError,
  type KioskStatus,
} from '../../shared/kiosk-bridge.ts'
import type { Bridge } from './bridge.ts'
import { KioskContext, type Kiosk, type Screen } from './kiosk-context.ts'
import { feedback as signal, type FeedbackKind } from './feedback.ts'
import { KIOSK_AND_ERRORS, setLanguage } from './i18n.ts'
import { FALLBACK_TIME_ZONE } from './format.ts'
import { useIdle, useWedgeScanner } from './use-scanner.ts'
import { recordScanToCard } from './scan-timings.ts'
import { StatusBar } from './components/status-bar.tsx'
import { ErrorBanner } from './components/error-banner.tsx'
import { PairingScreen } from './screens/pairing.tsx'
import { PinPad } from './screens/pin-pad.tsx'
import { ReadyScreen } from './screens/ready.tsx'
import { CardView } from './screens/card.tsx'
import { EarnScreen } from './screens/earn.tsx'
import { StampScreen } from './screens/stamp.tsx'
import { RedeemScreen } from './screens/redeem.tsx'
import { EnrollScreen } from './screens/enroll.tsx'
import { ResultScreen } from './screens/result.tsx'
import { SettingsScreen } from './screens/settings.tsx'

export const App = ({ connection }: { connection: Bridge }) => {
  const { t } = useTranslation(KIOSK_AND_ERRORS)
  const { bridge } = connection
  const [status, setStatus] = useState<KioskStatus | null>(null)
  const [screen, setScreen] = useState<Screen>({ name: 'ready' })
  const [error, setError] = useState<BridgeError | null>(null)
  const [lockedBy, setLockedBy] = useState<string | null>(null)
  const scanStarted = useRef<number | null>(null)

  const refresh = useCallback(async () => {
    const result = await bridge.status({})
    if (result.ok) setStatus(result.value)
  }, [bridge])

  useEffect(() => {
    void refresh()
    const offStatus = bridge.on('status', setStatus)
    const offLocked = bridge.on('locked', (event) => {
      setLockedBy(event.reason)
      setScreen({ name: 'ready' })
      setError(null)
    })
    const offReconnect = connection.onReconnect(() => void refresh())
    return () => {
      offStatus()
      offLocked()
      offReconnect()
    }
  }, [bridge, connection, refresh])

  const language = status?.settings.language ?? 'en'
  useEffect(() => {
    void setLanguage(language)
  }, [language])

  const feedback = useCallback(
    (kind: FeedbackKind) => signal(kind, status?.settings.sounds ?? true),
    [status?.settings.sounds],
  )

  const attempt: Kiosk['attempt'] = useCallback(
    async (call) => {
      const result = await call
      if (result.ok) {
        setError(null)
        return result.value
      }
      setError(result.error)
      feedback('error')
      return null
    },
    [feedback],
  )

  const openCard = useCallback(
    async (text: string) => {
      const started = scanStarted.current ?? performance.now()
      scanStarted.current = null
      const card = await attempt(bridge.card({ number: text }))
      if (!card) return
      feedback('scan')
      setScreen({ name: 'card', card })
      recordScanToCard(started)
    },
    [attempt, bridge, feedback],
  )

  const unlocked = Boolean(status?.paired && status.staff)
  const onScan = useCallback(
    (text: string, at: number) => {
      if (!status) return
      if (!status.paired) {
        // Unpaired, every scan is an attempt to pair: the core reads the pairing QR, and says
        // why anything else (a card, a stray code) does not pair.
        void attempt(bridge.pair({ qr: text }))
        return
      }
      if (!status.staff) {
        feedback('error')
        return
      }
      scanStarted.current = at
      void openCard(text)
    },
    [status, attempt, bridge, openCard, feedback],
  )
  useWedgeScanner(onScan)
  useEffect(
    () => bridge.on('scan', (event) => onScan(event.text, performance.now())),
    [bridge, onScan],
  )

  useIdle(unlocked, status?.idleLock.minutes ?? DEFAULT_DEVICE_SETTINGS.idleLockMinutes, () => {
    void bridge.lock({ reason: 'idle' })
  })

  const kiosk = useMemo<Kiosk | null>(
    () =>
      status
        ? {
            bridge,
            status,
            language,
            timeZone: status.store?.timezone ?? FALLBACK_TIME_ZONE,
            go: (next) => {
              setError(null)
              setScreen(next)
            },
            openCard,
            attempt,
            feedback,
          }
        : null,
    [bridge, status, language, openCard, attempt, feedback],
  )

  if (!kiosk || !status) return <main className="centered">{t('connecting')}</main>
  if (!status.paired) return <PairingScreen bridge={bridge} error={error} />
  if (!status.staff)
    return (
      <>
        {lockedBy === 'idle' ? <p className="notice">{t('locked_idle')}</p> : null}
        {lockedBy === 'revoked' ? <p className="notice">{t('errors:DEVICE_REVOKED')}</p> : null}
        <PinPad bridge={bridge} status={status} />
      </>
    )

  return (
    <KioskContext.Provider value={kiosk}>
      <div className="app" data-screen={screen.name}>
        <StatusBar />
        {error ? (
          <ErrorBanner error={error} timeZone={kiosk.timeZone} onClose={() => setError(null)} />
        ) : null}
        {(() => {
          switch (screen.name) {
            case 'ready':
              return <ReadyScreen />
            case 'card':
              return <CardView card={screen.card} />
            case 'earn':
              return <EarnScreen card={screen.card} />
            case 'stamp':
              return <StampScreen card={screen.card} />
            case 'redeem':
              return <RedeemScreen card={screen.card} />
            case 'enroll':
              return <EnrollScreen />
            case 'result':
              return <ResultScreen {...screen} />
            case 'settings':
              return <SettingsScreen />
          }
        })()}
      </div>
    </KioskContext.Provider>
  )
}
