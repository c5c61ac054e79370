import type { SessionAdmin } from '../../accounts/accounts.ts'
import { ErrorSummary, Field, LanguageSelectField, PostForm } from '../../web/pages/form.tsx'
import { usePage } from '../../web/pages/page.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { MerchantDetail } from '../queries/back-office.ts'
import { AdminLayout } from './admin-layout.tsx'
import { valueOf, type AdminFormState } from './back-office-form.ts'
import { StoreFields } from './store-fields.tsx'

export type MerchantPageForms = {
  status?: AdminFormState
  invite?: AdminFormState
  store?: AdminFormState
}

/** One merchant for the admin: its state, stores, team, kiosks, emails; suspend, invite, add a store. */
export const MerchantPage = (props: {
  admin: Pick<SessionAdmin, 'name' | 'email'>
  merchant: MerchantDetail
  done?: string | undefined
  forms: MerchantPageForms
}) => {
  const { t, urls, format } = usePage()
  const m = props.merchant
  const suspended = m.status === 'suspended'
  const Stat = (p: { label: string; value: string }) => (
    <li className="stat">
      <span className="stat__label">{p.label}</span>
      <span>
        <strong>{p.value}</strong>
      </span>
    </li>
  )
  return (
    <AdminLayout title={m.name} current="merchants" admin={props.admin}>
      <PageHeader
        title={m.name}
        lead={`${m.slug} · ${m.platformName} · ${m.country ?? '—'} · ${m.currency}`}
        back={{ href: urls.path('adminMerchants'), label: t('back_office:merchants.title') }}
      />
      {props.done ? (
        <div className="alert alert--success" role="status">
          <p>{t(`back_office:done.${props.done as 'created'}`)}</p>
        </div>
      ) : null}
      {suspended ? (
        <div className="alert alert--warning" role="status">
          <p>
            <strong>
              {t('back_office:merchant.suspended_since', { date: format.dateTime(m.suspendedAt!) })}
            </strong>
          </p>
          <p>{t('back_office:merchant.reason', { reason: m.suspensionReason ?? '' })}</p>
        </div>
      ) : null}
      <section className="card stack" aria-labelledby="overview-title">
        <h2 className="card__title" id="overview-title">
          {t('back_office:merchant.overview')}
        </h2>
        <ul className="stats">
          <Stat
            label={t('back_office:merchants.status')}
            value={t(`back_office:status.${m.status}`)}
          />
          <Stat
            label={t('back_office:merchant.programme')}
            value={
              m.programme
                ? t(`back_office:programme.${m.programme.status as 'active'}`)
                : t('back_office:programme.none')
            }
          />
          <Stat label={t('back_office:merchant.members')} value={format.number(m.members)} />
          <Stat
            label={t('back_office:merchant.kiosks')}
            value={t('back_office:merchant.kiosk_counts', {
              active: m.kiosks.active,
              pending: m.kiosks.pending,
            })}
          />
          <Stat
            label={t('back_office:merchant.emails')}
            value={t('back_office:merchant.email_counts', m.emails)}
          />
          <Stat
            label={t('back_office:merchant.last_activity')}
            value={
              m.lastActivity ? format.dateTime(m.lastActivity) : t('back_office:merchant.never')
            }
          />
        </ul>
      </section>
      <TableCard
        id="stores"
        title={t('back_office:stores.title')}
        columns={[
          { label: t('back_office:stores.name') },
          { label: t('back_office:stores.addresses') },
          { label: t('back_office:merchants.status') },
          { label: t('back_office:merchant.kiosks'), numeric: true },
        ]}
        empty={m.stores.length === 0 ? t('back_office:stores.empty') : undefined}
      >
        {m.stores.map((s) => (
          <tr key={s.id}>
            <td data-label={t('back_office:stores.name')}>
              <span>
                <a href={urls.path('adminStore', { id: s.id })}>
                  <strong>{s.name}</strong>
                </a>
                <br />
                <span className="muted small">{s.code}</span>
              </span>
            </td>
            <td data-label={t('back_office:stores.addresses')}>
              {[s.subdomain ? `${s.subdomain}.${m.baseDomain}` : null, s.customDomain]
                .filter(Boolean)
                .join(' · ') || '—'}
            </td>
            <td data-label={t('back_office:merchants.status')}>
              <span className={`badge ${s.active ? 'badge--success' : 'badge--warning'}`}>
                {s.active ? t('back_office:stores.open') : t('back_office:stores.closed')}
              </span>
            </td>
            <td data-label={t('back_office:merchant.kiosks')} className="num">
              {s.kiosks}
            </td>
          </tr>
        ))}
      </TableCard>
      <TableCard
        id="team"
        title={t('back_office:merchant.team')}
        columns={[
          { label: t('back_office:invite.name') },
          { label: t('back_office:merchant.role') },
        ]}
        empty={m.team.length === 0 ? t('back_office:merchant.no_team') : undefined}
      >
        {m.team.map((u) => (
          <tr key={u.email}>
            <td data-label={t('back_office:invite.name')}>
              <span>
                <strong>{u.name}</strong>
                <br />
                <span className="muted small">{u.email}</span>
              </span>
            </td>
            <td data-label={t('back_office:merchant.role')}>
              {t(`back_office:role.${u.role as 'owner'}`)}
              {u.invited ? ` · ${t('back_office:merchant.invited')}` : ''}
              {u.active ? '' : ` · ${t('back_office:merchant.removed')}`}
            </td>
          </tr>
        ))}
      </TableCard>
      <div className="stack">
        <section className="card stack" aria-labelledby="invite-title">
          <h2 className="card__title" id="invite-title">
            {t('back_office:invite.title')}
          </h2>
          <PostForm action={urls.path('adminMerchantInvite', { id: m.id })} className="form">
            <ErrorSummary message={props.forms.invite?.message} />
            <Field
              id="invite-name"
              name="name"
              label={t('back_office:invite.name')}
              value={valueOf(props.forms.invite, 'name', '')}
              errors={props.forms.invite?.errors}
            />
            <Field
              id="invite-email"
              name="email"
              type="email"
              label={t('back_office:invite.email')}
              value={valueOf(props.forms.invite, 'email', '')}
              errors={props.forms.invite?.errors}
            />
            <LanguageSelectField
              id="invite-language"
              name="language"
              label={t('back_office:invite.language')}
              value={valueOf(props.forms.invite, 'language', m.defaultLanguage)}
              errors={props.forms.invite?.errors}
            />
            <div className="form__actions">
              <button className="button button--primary">{t('back_office:invite.submit')}</button>
            </div>
          </PostForm>
        </section>
        <section className="card stack" aria-labelledby="status-title">
          <h2 className="card__title" id="status-title">
            {suspended
              ? t('back_office:merchant.reactivate_title')
              : t('back_office:merchant.suspend_title')}
          </h2>
          <p className="muted small">
            {suspended
              ? t('back_office:merchant.reactivate_lead')
              : t('back_office:merchant.suspend_lead')}
          </p>
          <PostForm action={urls.path('adminMerchantStatus', { id: m.id })} className="form">
            <ErrorSummary message={props.forms.status?.message} />
            <input type="hidden" name="version" value={m.version} />
            <input type="hidden" name="status" value={suspended ? 'active' : 'suspended'} />
            <Field
              name="reason"
              label={t('back_office:merchant.reason_label')}
              value={valueOf(props.forms.status, 'reason', '')}
              errors={props.forms.status?.errors}
            />
            <div className="form__actions">
              <button className={`button ${suspended ? 'button--primary' : 'button--danger'}`}>
                {suspended
                  ? t('back_office:merchant.reactivate')
                  : t('back_office:merchant.suspend')}
              </button>
            </div>
          </PostForm>
        </section>
      </div>
      <section className="card card--narrow stack" aria-labelledby="store-create-title">
        <h2 className="card__title" id="store-create-title">
          {t('back_office:stores.create_title')}
        </h2>
        <PostForm action={urls.path('adminStores', { id: m.id })} className="form">
          <ErrorSummary message={props.forms.store?.message} />
          <StoreFields baseDomain={m.baseDomain} form={props.forms.store} />
          <div className="form__actions">
            <button className="button button--primary">{t('back_office:stores.create')}</button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  )
}
