import { useTranslation } from 'react-i18next'
import { useKiosk } from '../kiosk-context.ts'
import { formatTime } from '../format.ts'

/** Online or offline, what waits to be synced, the last sync, the store and who is signed in. */
export const StatusBar = () => {
  const { t } = useTranslation()
  const { status, language, timeZone, bridge, go } = useKiosk()
  const { sync } = status
  return (
    <header className="status-bar">
      <span className={`connection ${sync.online ? 'online' : 'offline'}`} data-testid="connection">
        <span className="dot" aria-hidden="true" />
        {sync.online ? t('online') : t('offline')}
      </span>
      <span data-testid="queue">{t('queued', { count: sync.queueLength })}</span>
      <span data-testid="last-sync">
        {sync.lastSyncAt
          ? t('last_sync', { time: formatTime(sync.lastSyncAt, language, timeZone) })
          : t('never_synced')}
      </span>
      <span className="store">{status.store?.name}</span>
      <span className="staff" data-testid="staff">
        {status.staff?.name}
      </span>
      <button type="button" className="ghost" onClick={() => go({ name: 'settings' })}>
        {t('settings')}
      </button>
      <button
        type="button"
        className="ghost"
        onClick={() => void bridge.lock({ reason: 'manual' })}
      >
        {t('lock')}
      </button>
    </header>
  )
}
