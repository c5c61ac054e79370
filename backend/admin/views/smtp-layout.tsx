import { usePage } from '../../web/pages/page.tsx'

/** A setting's origin as a badge: environment, saved in the database, or the default. */
export const SourceBadge = ({ source }: { source: 'env' | 'database' | 'default' }) => {
  const { t } = usePage()
  const tone = source === 'database' ? 'accent' : source === 'env' ? 'info' : 'warning'
  return (
    <span className={`badge badge--${tone}`} data-source={source}>
      {t(`email_settings:settings.source.${source}`)}
    </span>
  )
}
