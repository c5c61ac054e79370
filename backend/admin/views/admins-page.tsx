import { usePage } from '../../web/pages/page.tsx'
import {
  ErrorSummary,
  Field,
  LanguageSelectField,
  PostForm,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { SessionAdmin } from '../../accounts/accounts.ts'
import type { PlatformAdminRow } from '../../accounts/queries/list-platform-admins.ts'
import { ADMIN_LINK_HOURS } from '../../accounts/commands/manage-admins.ts'
import { AdminLayout } from './admin-layout.tsx'

export type AdminInviteState = {
  email?: string
  name?: string
  language?: string
  error?: string | null
  errors?: FieldErrors
}

const STATUS_BADGE = {
  active: 'badge--success',
  invited: 'badge--accent',
  deactivated: '',
} as const

/**
 * The platform's admins: who they are, whether they can sign in and have their second factor,
 * their last login; deactivate one (not the last); invite another by email.
 */
export const AdminsPage = (props: {
  admin: SessionAdmin
  admins: PlatformAdminRow[]
  invite?: AdminInviteState
  error?: string | null
  done?: 'invited' | 'deactivated'
}) => {
  const { t, urls, format } = usePage()
  const state = props.invite ?? {}
  return (
    <AdminLayout title={t('admins.title')} current="admins" admin={props.admin}>
      <PageHeader title={t('admins.title')} lead={t('admins.lead')} />
      {props.done ? (
        <div className="alert alert--success" role="status">
          <p>{t(`admins.done_${props.done}`)}</p>
        </div>
      ) : null}
      <ErrorSummary message={props.error} />
      <TableCard
        id="admins"
        title={t('admins.list_title')}
        columns={[
          { label: t('admins.name') },
          { label: t('admins.status') },
          { label: t('admins.second_factor') },
          { label: t('admins.last_login') },
          { label: t('admins.actions'), hidden: true },
        ]}
        empty={null}
      >
        {props.admins.map((row) => (
          <tr key={row.id} data-admin={row.email}>
            <td data-label={t('admins.name')}>
              <div className="admin-person">
                <div>
                  <strong>{row.name}</strong>
                </div>
                <div className="muted small">{row.email}</div>
              </div>
            </td>
            <td data-label={t('admins.status')}>
              <span className={`badge ${STATUS_BADGE[row.status]}`.trim()}>
                {t(`admins.status_${row.status}`)}
              </span>
            </td>
            <td data-label={t('admins.second_factor')}>
              {row.secondFactor ? t('admins.second_factor_on') : t('admins.second_factor_off')}
            </td>
            <td data-label={t('admins.last_login')}>
              {row.lastLoginAt ? format.dateTime(row.lastLoginAt) : t('admins.never')}
            </td>
            <td className="table__actions">
              {row.status !== 'deactivated' && row.id !== props.admin.id ? (
                <PostForm action={urls.path('adminAdminDeactivate')} className="form--compact">
                  <input type="hidden" name="admin" value={row.id} />
                  <button
                    className="button button--danger button--small"
                    aria-label={t('admins.deactivate_named', { name: row.name })}
                    data-confirm={t('admins.deactivate_confirm', { name: row.name })}
                    data-confirm-ok={t('admins.deactivate')}
                    data-confirm-cancel={t('admins.cancel')}
                  >
                    {t('admins.deactivate')}
                  </button>
                </PostForm>
              ) : null}
            </td>
          </tr>
        ))}
      </TableCard>
      <section className="card" aria-labelledby="invite-title" id="invite">
        <h2 className="card__title" id="invite-title">
          {t('admins.invite_title')}
        </h2>
        <p className="muted">{t('admins.invite_lead', { days: ADMIN_LINK_HOURS.email / 24 })}</p>
        <PostForm action={urls.path('adminAdmins')} className="form">
          <ErrorSummary message={state.error} />
          <Field
            name="name"
            label={t('admins.name')}
            value={state.name}
            errors={state.errors}
            autoComplete="off"
            required
          />
          <Field
            name="email"
            type="email"
            label={t('admins.email')}
            value={state.email}
            errors={state.errors}
            autoComplete="off"
            required
          />
          <LanguageSelectField
            name="language"
            label={t('admins.language')}
            value={state.language ?? 'en'}
            errors={state.errors}
          />
          <div className="form__actions">
            <button className="button button--primary">{t('admins.invite_submit')}</button>
          </div>
        </PostForm>
      </section>
    </AdminLayout>
  )
}
