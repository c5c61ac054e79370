import { usePage } from '../../web/pages/page.tsx'
import type { MerchantCounts } from '../queries/back-office.ts'

/** The dashboard's way into the back office: merchants by state, and a link to each page. */
export const BackOfficeCard = ({ counts }: { counts: MerchantCounts }) => {
  const { t, format, urls } = usePage()
  const count = (label: string, value: number, href: string) => (
    <li className="stat">
      <p className="stat__label">{label}</p>
      <p className="stat__value">
        <a href={href}>{format.number(value)}</a>
      </p>
    </li>
  )
  return (
    <section className="card stack" aria-labelledby="back-office-title">
      <header className="card__header">
        <h2 className="card__title" id="back-office-title">
          {t('back_office:dashboard.title')}
        </h2>
      </header>
      <ul className="stats" aria-label={t('back_office:dashboard.counts')}>
        {count(t('back_office:dashboard.live'), counts.live, urls.path('adminMerchants'))}
        {count(t('back_office:dashboard.suspended'), counts.suspended, urls.path('adminMerchants'))}
        {count(
          t('back_office:dashboard.waiting'),
          counts.waitingForOwner,
          urls.path('adminMerchants'),
        )}
      </ul>
      <nav className="cluster" aria-label={t('back_office:nav.heading')}>
        {(
          [
            ['merchants', 'adminMerchants'],
            ['platforms', 'adminPlatforms'],
            ['audit', 'adminAudit'],
            ['emails', 'adminEmails'],
            ['templates', 'adminEmailTemplates'],
            ['routing', 'adminRouting'],
          ] as const
        ).map(([key, page]) => (
          <a key={key} className="button button--secondary" href={urls.path(page)}>
            {t(`back_office:dashboard.links.${key}`)}
          </a>
        ))}
      </nav>
    </section>
  )
}
