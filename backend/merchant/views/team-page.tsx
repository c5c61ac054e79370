import { usePage } from '../../web/pages/page.tsx'
import { ErrorSummary, PostForm, type FieldErrors } from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import { TableCard } from '../../web/pages/table-card.tsx'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import type { TeamMember } from '../../accounts/queries/list-team-members.ts'
import type { PairableStore } from '../queries/kiosks.ts'
import { InviteCard, type InviteFormState } from './invite-card.tsx'
import { MerchantLayout } from './merchant-layout.tsx'
import { AccessFields } from './store-choices.tsx'

/** What was just done (the success message after a redirect). */
export const TEAM_DONE = ['invited', 'changed', 'removed'] as const
export type TeamDone = (typeof TEAM_DONE)[number]

/** A refused change of one user: what was chosen, and why it was refused. */
export type MemberFormState = {
  memberId: string
  role: string
  storeIds: string[]
  errors?: FieldErrors
}

const STATUS_BADGE = {
  active: 'badge--success',
  invited: 'badge--info',
  invitation_expired: 'badge--warning',
  removed: '',
} as const

const Access = ({ member }: { member: TeamMember }) => {
  const { t } = usePage()
  return (
    <span className="cell-stack">
      <strong>{member.role === 'owner' ? t('account.owner') : t('account.manager')}</strong>
      <span className="muted small">
        {member.stores.length > 0
          ? member.stores.map((s) => s.name).join(', ')
          : t('team.all_stores')}
      </span>
    </span>
  )
}

/** A user's change form, in a full-width row under theirs (opened by `?edit=<id>`). */
const EditRow = (props: {
  member: TeamMember
  stores: PairableStore[]
  edit?: MemberFormState
}) => {
  const { t, urls } = usePage()
  const { member } = props
  const mine = props.edit?.memberId === member.id ? props.edit : undefined
  return (
    <tr className="team-edit-row" id={`edit-${member.id}`}>
      <td colSpan={5}>
        <PostForm action={urls.path('merchantTeamMember')} className="form team-edit">
          <h3 className="team-edit__title">{t('team.change_title', { name: member.name })}</h3>
          <input type="hidden" name="member" value={member.id} />
          <input type="hidden" name="version" value={member.version} />
          <AccessFields
            idPrefix={`member-${member.id}-`}
            stores={props.stores}
            role={mine?.role ?? member.role}
            storeIds={mine?.storeIds ?? member.stores.map((s) => s.id)}
            errors={mine?.errors}
          />
          <div className="form__actions">
            <button className="button button--primary">{t('team.save')}</button>
            <a className="button button--ghost" href={urls.path('merchantTeam')}>
              {t('team.cancel')}
            </a>
          </div>
        </PostForm>
      </td>
    </tr>
  )
}

const MemberActions = ({ member }: { member: TeamMember }) => {
  const { t, urls } = usePage()
  return (
    <div className="team-actions">
      <a
        className="button button--secondary button--small"
        href={`${urls.path('merchantTeam', null, { edit: member.id })}#edit-${member.id}`}
        aria-label={t('team.change_named', { name: member.name })}
      >
        {t('team.change')}
      </a>
      <PostForm action={urls.path('merchantTeamRemove')} className="form--compact">
        <input type="hidden" name="member" value={member.id} />
        <input type="hidden" name="version" value={member.version} />
        <button
          className="button button--danger button--small"
          aria-label={t('team.remove_named', { name: member.name })}
          data-confirm={t('team.remove_confirm', { name: member.name })}
          data-confirm-ok={t('team.remove')}
          data-confirm-cancel={t('team.cancel')}
        >
          {t('team.remove')}
        </button>
      </PostForm>
    </div>
  )
}

const MemberRow = (props: {
  member: TeamMember
  me: string
  stores: PairableStore[]
  editing: boolean
  edit?: MemberFormState
}) => {
  const { t, format } = usePage()
  const { member } = props
  const isMe = member.id === props.me
  const changeable = !isMe && member.status !== 'removed'
  return (
    <>
      <tr data-member={member.id} className={member.status === 'removed' ? 'muted' : undefined}>
        <td data-label={t('team.name')}>
          <span className="cell-stack">
            <strong>
              {member.name}
              {isMe ? <span className="badge badge--accent team-you">{t('team.you')}</span> : null}
            </strong>
            <span className="muted small">{member.email}</span>
          </span>
        </td>
        <td data-label={t('team.access')}>
          <Access member={member} />
        </td>
        <td data-label={t('team.status')}>
          <span className="cell-stack">
            <span className={`badge ${STATUS_BADGE[member.status]}`.trim()}>
              {t(`team.status_${member.status}`)}
            </span>
            {member.status !== 'active' && member.invitedAt ? (
              <span className="muted small">
                {t('team.invited_at', { date: format.date(member.invitedAt) })}
              </span>
            ) : null}
          </span>
        </td>
        <td data-label={t('team.last_login')}>
          {member.lastLoginAt ? format.dateTime(member.lastLoginAt) : t('team.never')}
        </td>
        <td className="table__actions">{changeable ? <MemberActions member={member} /> : null}</td>
      </tr>
      {changeable && props.editing ? (
        <EditRow member={member} stores={props.stores} edit={props.edit} />
      ) : null}
    </>
  )
}

/**
 * The merchant's back-office users (owners only, docs/architecture.md, Team and API keys):
 * each with role and stores, status (signed up, invited, removed) and last login; change a
 * user's role and stores, remove them; the invitation form.
 */
export const MerchantTeamPage = (props: {
  merchantName: string
  emailLanguage: string
  user: Pick<SessionMerchantUser, 'id' | 'name' | 'role' | 'storeIds'>
  members: TeamMember[]
  stores: PairableStore[]
  invite?: InviteFormState
  edit?: MemberFormState
  /** The user whose change form is open (`?edit=<id>`, or the refused form's). */
  editing?: string
  /** A refusal of the whole action (a stale version, the last owner), in the page's language. */
  error?: string | null
  done?: TeamDone
}) => {
  const { t } = usePage()
  return (
    <MerchantLayout
      title={t('team.title')}
      current="team"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={[]}
    >
      <PageHeader title={t('team.title')} lead={t('team.lead')} />
      {props.done ? (
        <div className="alert alert--success" role="status">
          <p>{t(`team.done_${props.done}`)}</p>
        </div>
      ) : null}
      <ErrorSummary
        message={props.error ?? (props.edit?.errors ? t('team.errors.summary') : null)}
      />
      <TableCard
        id="members"
        title={t('team.list_title')}
        lead={t('team.list_lead')}
        columns={[
          { label: t('team.name') },
          { label: t('team.access') },
          { label: t('team.status') },
          { label: t('team.last_login') },
          { label: t('team.actions'), hidden: true },
        ]}
        empty={null}
      >
        {props.members.map((member) => (
          <MemberRow
            key={member.id}
            member={member}
            me={props.user.id}
            stores={props.stores}
            editing={(props.edit?.memberId ?? props.editing) === member.id}
            edit={props.edit}
          />
        ))}
      </TableCard>
      <InviteCard state={props.invite} stores={props.stores} emailLanguage={props.emailLanguage} />
    </MerchantLayout>
  )
}
