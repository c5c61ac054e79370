import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { BridgeError, KioskBridge } from '../../../shared/kiosk-bridge.ts'
import { ErrorBanner } from '../components/error-banner.tsx'
import { FALLBACK_TIME_ZONE } from '../format.ts'

/** The backend to pair with: `?backend=` (the web host prints it), else this page's origin. */
const defaultBackend = () =>
  new URLSearchParams(location.search).get('backend') ??
  (location.protocol.startsWith('http') ? location.origin : '')

/**
 * First start: the merchant pages show a one-time code and its QR. The cashier types the code,
 * or scans the QR with the counter's scanner (the app handles that scan, see app.tsx).
 */
export const PairingScreen = (props: { bridge: KioskBridge; error: BridgeError | null }) => {
  const { t } = useTranslation()
  const [code, setCode] = useState('')
  const [backendUrl, setBackendUrl] = useState(defaultBackend)
  const [error, setError] = useState<BridgeError | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const result = await props.bridge.pair({ code: code.trim(), backendUrl: backendUrl.trim() })
    setBusy(false)
    if (!result.ok) setError(result.error)
  }

  const shown = error ?? props.error
  return (
    <main className="centered pairing">
      <h1>{t('pairing_title')}</h1>
      <p className="lead">{t('pairing_lead')}</p>
      {shown ? <ErrorBanner error={shown} timeZone={FALLBACK_TIME_ZONE} /> : null}
      <form onSubmit={submit} className="stack">
        <label>
          {t('pairing_code')}
          <input
            name="code"
            autoFocus
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            placeholder="ABCD-EFGH"
            className="big-input"
          />
        </label>
        <label>
          {t('backend_url')}
          <input
            name="backend"
            type="url"
            value={backendUrl}
            onChange={(e) => setBackendUrl(e.target.value)}
          />
        </label>
        <button type="submit" className="primary big" disabled={busy || code.trim() === ''}>
          {t('pair')}
        </button>
      </form>
      <p className="hint">{t('pairing_scan_hint')}</p>
    </main>
  )
}
