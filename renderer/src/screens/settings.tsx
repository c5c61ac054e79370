import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import {
  DeviceSettingsSchema,
  ScannerTransportSchema,
  type DeviceSettings,
} from '../../../shared/kiosk-bridge.ts'
import { LANGUAGES } from '../../../shared/languages.ts'
import { useKiosk } from '../kiosk-context.ts'

// The choices are the contract's own: a value the core would refuse is never offered.
const { suffix: SuffixSchema, keyboardLayout: KeyboardLayoutSchema } =
  DeviceSettingsSchema.shape.scanner.shape

/** The kiosk's own settings: language, scanner, sounds, idle lock. */
export const SettingsScreen = () => {
  const { t } = useTranslation()
  const kiosk = useKiosk()
  const [settings, setSettings] = useState<DeviceSettings>(kiosk.status.settings)
  const merchantMax = kiosk.status.idleLock.merchantMaxMinutes
  const [saved, setSaved] = useState(false)
  const scanner = (patch: Partial<DeviceSettings['scanner']>) =>
    setSettings((s) => ({ ...s, scanner: { ...s.scanner, ...patch } }))

  const save = async (event: FormEvent) => {
    event.preventDefault()
    const result = await kiosk.attempt(kiosk.bridge.updateSettings(settings))
    if (result) setSaved(true)
  }

  return (
    <main className="operation settings">
      <h1>{t('settings')}</h1>
      <form onSubmit={save} className="form-grid">
        <fieldset>
          <legend>{t('language')}</legend>
          {LANGUAGES.map((l) => (
            <button
              type="button"
              key={l}
              className={settings.language === l ? 'chip selected' : 'chip'}
              aria-pressed={settings.language === l}
              onClick={() => setSettings((s) => ({ ...s, language: l }))}
            >
              {t(`language_${l}`)}
            </button>
          ))}
        </fieldset>
        <label>
          {t('scanner_transport')}
          <select
            name="transport"
            value={settings.scanner.transport}
            onChange={(e) => scanner({ transport: ScannerTransportSchema.parse(e.target.value) })}
          >
            {ScannerTransportSchema.options.map((transport) => (
              <option key={transport} value={transport}>
                {t(`transport_${transport}`)}
              </option>
            ))}
          </select>
        </label>
        {settings.scanner.transport !== 'wedge' ? (
          <label>
            {t('scanner_port')}
            <input
              name="port"
              value={settings.scanner.port ?? ''}
              placeholder={
                settings.scanner.transport === 'serial' ? '/dev/ttyACM0 · COM3' : '/dev/hidraw0'
              }
              onChange={(e) => scanner({ port: e.target.value || null })}
            />
          </label>
        ) : null}
        {settings.scanner.transport === 'serial' ? (
          <label>
            {t('scanner_suffix')}
            <select
              name="suffix"
              value={settings.scanner.suffix}
              onChange={(e) => scanner({ suffix: SuffixSchema.parse(e.target.value) })}
            >
              {SuffixSchema.options.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        ) : null}
        {settings.scanner.transport === 'hid-keyboard' ? (
          <label>
            {t('keyboard_layout')}
            <select
              name="layout"
              value={settings.scanner.keyboardLayout}
              onChange={(e) =>
                scanner({ keyboardLayout: KeyboardLayoutSchema.parse(e.target.value) })
              }
            >
              {KeyboardLayoutSchema.options.map((l) => (
                <option key={l} value={l}>
                  {l.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="checkbox">
          <input
            type="checkbox"
            name="sounds"
            checked={settings.sounds}
            onChange={(e) => setSettings((s) => ({ ...s, sounds: e.target.checked }))}
          />
          {t('sounds')}
        </label>
        <label>
          {t('idle_lock')}
          <input
            type="number"
            name="idle"
            min={1}
            max={120}
            value={settings.idleLockMinutes}
            onChange={(e) =>
              setSettings((s) => ({ ...s, idleLockMinutes: Number(e.target.value) || 1 }))
            }
          />
        </label>
        {merchantMax !== null && settings.idleLockMinutes > merchantMax ? (
          <p className="hint" data-testid="idle-lock-capped">
            {t('idle_lock_capped', { minutes: merchantMax })}
          </p>
        ) : null}
        {saved ? <p role="status">{t('saved')}</p> : null}
        <div className="buttons">
          <button type="submit" className="primary big">
            {t('save')}
          </button>
          <button type="button" className="ghost big" onClick={() => kiosk.go({ name: 'ready' })}>
            {t('back')}
          </button>
        </div>
      </form>
    </main>
  )
}
