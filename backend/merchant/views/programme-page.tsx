import { LANGUAGES, localize, type Language } from '../../../shared/languages.ts'
import { missingTermsLanguages } from '../../../shared/programme-terms.ts'
import type { ProgrammeDetail, RewardDetail } from '../../../shared/schemas/programme-api.ts'
import type { SessionMerchantUser } from '../../accounts/accounts.ts'
import { translator } from '../../i18n/i18n.ts'
import { usePage } from '../../web/pages/page.tsx'
import {
  Checkbox,
  ErrorSummary,
  Field,
  PostForm,
  SelectField,
  TextAreaField,
  type FieldErrors,
} from '../../web/pages/form.tsx'
import { PageHeader } from '../../web/pages/staff-layout.tsx'
import type { FormValues } from '../../web/pages/query.ts'
import { MerchantLayout } from './merchant-layout.tsx'
import { nameErrors, RowNameFields } from './row-name-fields.tsx'

/** A refused submission: what was typed, a message per field, and one for the form. */
export type FormState = { values: FormValues; errors: FieldErrors; message: string | null }

export type ProgrammePageProps = {
  merchantName: string
  storeNames: string[]
  user: Pick<SessionMerchantUser, 'name' | 'role' | 'storeIds'>
  programme: ProgrammeDetail
  rewards: RewardDetail[]
  storeLanguages: Language[]
  /** May this user change the programme (programme.update)? Otherwise the page only shows it. */
  editable: boolean
  notice: 'saved' | 'activated' | 'paused' | 'reward_saved' | 'reward_deleted' | null
  /** A refused programme form, status change, new reward, or the row of one reward (by id). */
  programmeForm?: FormState
  statusError?: string | null
  rewardForm?: FormState & { rewardId: string | null }
}

const numberText = (value: number | null) => (value === null ? '' : String(value))

/** The storefront's join header in one language, as members will read it. */
const JoinPreview = (props: { language: Language; programme: ProgrammeDetail; store: string }) => {
  const t = translator(props.language, 'storefront')
  const name = localize(props.programme.name, props.language) || props.store
  return (
    <div className="join-preview" lang={props.language} data-preview={props.language}>
      <p className="join-preview__title">{t('join.title', { programme: name })}</p>
      <p className="join-preview__lead">{t('join.lead', { store: props.store })}</p>
    </div>
  )
}

const ProgrammeForm = (props: ProgrammePageProps) => {
  const { t } = usePage()
  const p = props.programme
  const state = props.programmeForm
  const v = (name: string, stored: string) => state?.values[name] ?? stored
  const errors = state?.errors
  const units = p.type === 'points' ? 'points' : 'stamps'
  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 className="card__title" id="settings-title">
        {t('programme.settings_title')}
      </h2>
      <ProgrammeFormBody {...props} v={v} errors={errors} units={units} />
    </section>
  )
}

const ProgrammeFormBody = (
  props: ProgrammePageProps & {
    v: (name: string, stored: string) => string
    errors: FieldErrors | undefined
    units: 'points' | 'stamps'
  },
) => {
  const { t, urls } = usePage()
  const { v, errors } = props
  const p = props.programme
  return (
    <PostForm action={urls.path('merchantProgramme')} className="form">
      <ErrorSummary message={props.programmeForm?.message} />
      <fieldset disabled={!props.editable} className="stack--lg">
        <input type="hidden" name="version" value={p.version} />
        <SelectField
          name="type"
          label={t('programme.type')}
          value={v('type', p.type)}
          hint={p.members > 0 ? t('programme.type_fixed', { count: p.members }) : undefined}
          options={[
            { value: 'points', label: t('programme.type_points') },
            { value: 'stamps', label: t('programme.type_stamps') },
          ]}
          errors={errors}
        />
        {LANGUAGES.map((language) => (
          <fieldset key={language} className="language-block stack" lang={language}>
            <legend>{t(`common:language.${language}`)}</legend>
            <Field
              name={`name_${language}`}
              label={t('programme.name_in')}
              value={v(`name_${language}`, p.name[language] ?? '')}
              errors={errors}
            />
            <TextAreaField
              rows={4}
              name={`terms_${language}`}
              label={t('programme.terms_in')}
              value={v(`terms_${language}`, p.terms[language] ?? '')}
              lang={language}
              errors={errors}
            />
          </fieldset>
        ))}
        <Field
          name="terms_url"
          type="url"
          label={t('programme.terms_url')}
          hint={t('programme.terms_url_hint')}
          value={v('terms_url', p.terms_url ?? '')}
          optional
          errors={errors}
        />
        <div className="form-grid">
          <Field
            name="points_per_currency_unit"
            type="number"
            label={t('programme.points_per_euro')}
            value={v('points_per_currency_unit', String(p.points_per_currency_unit))}
            errors={errors}
          />
          <Field
            name="stamps_required"
            type="number"
            label={t('programme.stamps_required')}
            value={v('stamps_required', numberText(p.stamps_required))}
            optional
            errors={errors}
          />
          <Field
            name="welcome_bonus"
            type="number"
            label={t(
              props.units === 'points' ? 'programme.welcome_points' : 'programme.welcome_stamps',
            )}
            value={v('welcome_bonus', String(p.welcome_bonus))}
            errors={errors}
          />
          <Field
            name="cooldown_minutes"
            type="number"
            label={t('programme.cooldown')}
            value={v('cooldown_minutes', String(p.cooldown_minutes))}
            errors={errors}
          />
          <Field
            name="daily_cap"
            type="number"
            label={t('programme.daily_cap')}
            hint={t('programme.empty_no_limit')}
            value={v('daily_cap', numberText(p.daily_cap))}
            optional
            errors={errors}
          />
          <Field
            name="expiry_months"
            type="number"
            label={t('programme.expiry')}
            hint={t('programme.empty_never')}
            value={v('expiry_months', numberText(p.expiry_months))}
            optional
            errors={errors}
          />
          <Field
            name="max_offline_minutes_for_redemptions"
            type="number"
            label={t('programme.offline_minutes')}
            value={v(
              'max_offline_minutes_for_redemptions',
              String(p.offline_limits.max_offline_minutes_for_redemptions),
            )}
            errors={errors}
          />
          <Field
            name="max_offline_redemption_points"
            type="number"
            label={t('programme.offline_points')}
            value={v(
              'max_offline_redemption_points',
              String(p.offline_limits.max_offline_redemption_points),
            )}
            errors={errors}
          />
        </div>
        {props.editable ? (
          <div className="form__actions">
            <button className="button button--primary">{t('programme.save')}</button>
          </div>
        ) : null}
      </fieldset>
    </PostForm>
  )
}

const StatusCard = (props: ProgrammePageProps) => {
  const { t, urls } = usePage()
  const p = props.programme
  // A refused form shows the notice for the terms as typed, not as stored.
  const typed = props.programmeForm?.values
  const missingTerms = typed
    ? missingTermsLanguages(
        {
          terms: Object.fromEntries(LANGUAGES.map((l) => [l, typed[`terms_${l}`] ?? ''])),
          terms_url: typed.terms_url ?? null,
        },
        props.storeLanguages,
      )
    : p.missing_terms
  const missing = missingTerms.map((language) => t(`common:language.${language}`)).join(', ')
  const badge = { draft: 'badge--warning', active: 'badge--success', paused: 'badge--danger' }
  const next = p.status === 'active' ? 'pause' : 'activate'
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 className="card__title" id="status-title">
        {t('programme.status_title')}{' '}
        <span className={`badge ${badge[p.status]}`}>{t(`programme.status_${p.status}`)}</span>
      </h2>
      <ErrorSummary message={props.statusError} />
      {missingTerms.length > 0 ? (
        <div className="alert alert--warning" role="status" data-terms-missing>
          <p>{t('programme.terms_missing', { languages: missing })}</p>
        </div>
      ) : null}
      {props.editable ? (
        // To the confirmation step (what happens, then Confirm or Cancel), from this version.
        <a
          className={`button ${next === 'pause' ? 'button--danger' : 'button--primary'}`}
          href={urls.path('merchantProgrammeStatus', null, { status: next, version: p.version })}
        >
          {t(`programme.${next}`)}
        </a>
      ) : (
        <p className="muted">{t('programme.read_only')}</p>
      )}
    </section>
  )
}

const RewardRow = (props: { reward: RewardDetail; editable: boolean; state?: FormState }) => {
  const { t, urls } = usePage()
  const r = props.reward
  const action = urls.path('merchantReward', { id: r.id })
  const v = (name: string, stored: string) => props.state?.values[name] ?? stored
  const errors = props.state?.errors
  const formId = `reward-${r.id}`
  return (
    <li className="card reward" data-reward={r.id}>
      <PostForm action={action} className="form">
        <ErrorSummary message={props.state?.message} />
        <fieldset disabled={!props.editable} className="stack">
          <input type="hidden" name="version" value={r.version} />
          <RowNameFields
            formId={formId}
            label={(language) => t('rewards.name_in', { language })}
            stored={r.name}
            typed={props.state?.values}
            errors={errors}
          />
          <div className="form-grid">
            <Field
              id={`${formId}-cost`}
              name="cost"
              type="number"
              label={t('rewards.cost')}
              value={v('cost', String(r.cost))}
              errors={errors}
            />
            <Checkbox
              id={`${formId}-active`}
              name="active"
              label={t('rewards.active')}
              checked={props.state ? props.state.values.active !== undefined : r.active}
            />
          </div>
          {props.editable ? (
            <div className="button-row">
              <button className="button button--secondary button--small" name="do" value="save">
                {t('rewards.save')}
              </button>
              <button
                className="button button--secondary button--small"
                name="do"
                value="up"
                aria-label={t('rewards.move_up')}
              >
                ↑
              </button>
              <button
                className="button button--secondary button--small"
                name="do"
                value="down"
                aria-label={t('rewards.move_down')}
              >
                ↓
              </button>
              {r.in_use ? (
                <span className="muted small">{t('rewards.in_use')}</span>
              ) : (
                <button
                  className="button button--danger button--small"
                  name="do"
                  value="delete"
                  data-confirm={t('rewards.delete_confirm')}
                  data-confirm-ok={t('rewards.delete')}
                  data-confirm-cancel={t('programme.cancel')}
                >
                  {t('rewards.delete')}
                </button>
              )}
            </div>
          ) : null}
        </fieldset>
      </PostForm>
    </li>
  )
}

const NewReward = (props: { state?: FormState }) => {
  const { t, urls } = usePage()
  const v = (name: string) => props.state?.values[name] ?? ''
  const errors = props.state?.errors
  return (
    <section className="card" aria-labelledby="new-reward-title">
      <h2 className="card__title" id="new-reward-title">
        {t('rewards.add_title')}
      </h2>
      <PostForm action={urls.path('merchantRewards')} className="form">
        <ErrorSummary message={props.state?.message} />
        <div className="form-grid">
          {LANGUAGES.map((language) => (
            <Field
              key={language}
              name={`name_${language}`}
              label={t('rewards.name_in', { language: t(`common:language.${language}`) })}
              lang={language}
              value={v(`name_${language}`)}
              errors={nameErrors(errors)}
            />
          ))}
          <Field
            name="cost"
            type="number"
            label={t('rewards.cost')}
            value={v('cost')}
            errors={errors}
          />
        </div>
        <input type="hidden" name="active" value="yes" />
        <div className="form__actions">
          <button className="button button--primary">{t('rewards.add')}</button>
        </div>
      </PostForm>
    </section>
  )
}

/** The merchant's programme: status, settings, terms per language, join preview, rewards. */
export const MerchantProgrammePage = (props: ProgrammePageProps) => {
  const { t } = usePage()
  const rewardState = props.rewardForm
  const previewLanguages = LANGUAGES
  return (
    <MerchantLayout
      title={t('programme.page_title')}
      current="programme"
      merchantName={props.merchantName}
      user={props.user}
      storeNames={props.storeNames}
    >
      <PageHeader title={t('programme.page_title')} lead={t('programme.page_lead')} />
      {props.notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`programme.notice_${props.notice}`)}</p>
        </div>
      ) : null}
      <div className="stack--lg">
        <StatusCard {...props} />
        <ProgrammeForm {...props} />
        <section className="card" aria-labelledby="preview-title">
          <h2 className="card__title" id="preview-title">
            {t('programme.preview_title')}
          </h2>
          <div className="form-grid">
            {previewLanguages.map((language) => (
              <JoinPreview
                key={language}
                language={language}
                programme={props.programme}
                store={props.storeNames[0] ?? props.merchantName}
              />
            ))}
          </div>
        </section>
        <section aria-labelledby="rewards-title" className="stack">
          <h2 id="rewards-title">{t('rewards.title')}</h2>
          {props.rewards.length === 0 ? <p className="muted">{t('rewards.empty')}</p> : null}
          <ol className="stack reward-list">
            {props.rewards.map((reward) => (
              <RewardRow
                key={reward.id}
                reward={reward}
                editable={props.editable}
                state={rewardState?.rewardId === reward.id ? rewardState : undefined}
              />
            ))}
          </ol>
        </section>
        {props.editable ? (
          <NewReward state={rewardState?.rewardId === null ? rewardState : undefined} />
        ) : null}
      </div>
    </MerchantLayout>
  )
}
